import type { Lang } from './locale.js';

/**
 * Human wording for the stable error codes the core records. The code is what programs match on; the detail the
 * core recorded (the decoder's own words) is appended for the curious.
 */
const REASONS: Record<string, Record<Lang, string>> = {
  EMPTY_FILE: { zh: '文件为空（0 字节）', en: 'empty file (0 bytes)' },
  TRUNCATED: { zh: '文件不完整（可能下载或拷贝中断）', en: 'truncated file (interrupted download or copy?)' },
  NOT_AN_IMAGE: { zh: '不是图片（内容与扩展名不符）', en: 'not an image (content does not match the extension)' },
  TOO_LARGE: { zh: '图片过大，已拒绝（防止解压炸弹）', en: 'image too large, refused (decompression-bomb guard)' },
  UNREADABLE: { zh: '无法读取（权限或磁盘错误）', en: 'cannot be read (permissions or disk error)' },
  VANISHED: { zh: '扫描时文件被删除', en: 'deleted while being indexed' },
  NOT_A_FILE: { zh: '不是普通文件', en: 'not a regular file' },
  BROKEN_LINK: { zh: '符号链接指向不存在的文件', en: 'symlink points to nothing' },
  SYMLINK_LOOP: { zh: '符号链接循环，已跳过', en: 'symlink loop, skipped' },
  ROOT_MISSING: { zh: '文件夹不存在（移动硬盘未连接？），其中照片保留并标为缺失', en: 'folder not found (drive unplugged?); its photos are kept, marked missing' },
  NO_RAW_PREVIEW: { zh: 'RAW 文件中没有可用的内嵌预览图', en: 'no usable embedded preview in the RAW file' },
  UNSUPPORTED: { zh: '不支持的图片格式', en: 'unsupported image format' },
  DECODE_FAILED: { zh: '图片解码失败', en: 'image could not be decoded' },
  DECODE_TIMEOUT: { zh: '图片解码超时，已跳过', en: 'decoding took too long, skipped' },
  LIBRARY_UNWRITABLE: {
    zh: '无法写入图库数据库（图库文件夹只读、没有权限或磁盘已满？）',
    en: 'cannot write to the library database (read-only folder, no permission, or a full disk?)',
  },
  INFERENCE_HOST_CRASHED: {
    zh: '模型推理进程反复崩溃（模型文件损坏或内存不足？），已停止重启；可在设置中改用其他模型或线程数',
    en: 'the model process kept crashing (damaged model file or out of memory?) and was not restarted again; try another model or fewer threads in Settings',
  },
  TOKENIZER_MISSING: { zh: '找不到模型的分词器文件（vocab.txt 或 tokenizer.json）', en: "the model's tokenizer file (vocab.txt or tokenizer.json) is missing" },
  TOKENIZER_UNREADABLE: { zh: '无法读取模型的分词器文件', en: "the model's tokenizer file cannot be read" },
  TOKENIZER_INVALID: { zh: '模型的分词器文件已损坏', en: "the model's tokenizer file is corrupt" },
  TOKENIZER_UNSUPPORTED: { zh: '不支持这种分词器', en: 'this kind of tokenizer is not supported' },
  MODEL_NOT_FOUND: { zh: '找不到模型或模型文件（用 xuntu model list 查看已安装的模型）', en: 'model or model file not found (see xuntu model list)' },
  MODEL_CORRUPT: { zh: '模型文件已损坏，请重新下载（xuntu model fetch <id>）或重新导入', en: 'the model files are damaged; fetch (xuntu model fetch <id>) or import it again' },
  MODEL_MANIFEST_INVALID: { zh: '模型的 manifest.json 无效，请重新下载或重新导入该模型', en: "the model's manifest.json is invalid; fetch or import the model again" },
  MODEL_CATALOG_INVALID: { zh: '内置模型目录无效（这是寻图的问题，请报告）', en: 'the built-in model catalog is invalid (a bug in Xuntu; please report it)' },
  MODEL_CHECKSUM_MISMATCH: { zh: '下载的文件校验和不符，已丢弃；请重试，或换一个下载来源（--source / --endpoint）', en: 'a downloaded file failed its checksum and was discarded; retry, or try another source (--source / --endpoint)' },
  MODEL_CONFIG_INVALID: { zh: '模型的配置文件无法读取或格式不对；请确认文件夹是完整的导出', en: "the model's configuration file cannot be read or is malformed; check the folder is a complete export" },
  MODEL_DOWNLOAD_FAILED: { zh: '模型下载失败；请检查网络后重试（会从中断处继续），或换一个下载来源（--source / --endpoint）', en: 'the model download failed; check the network and retry (it resumes), or try another source (--source / --endpoint)' },
  MODEL_ENDPOINT_INVALID: { zh: '下载站点地址无效；请检查 --endpoint 或 HF_ENDPOINT', en: 'the download endpoint is not a usable URL; check --endpoint or HF_ENDPOINT' },
  MODEL_FORMAT_AMBIGUOUS: { zh: '文件夹中有多个模型导出，无法确定导入哪一个；请把要导入的模型单独放在一个文件夹里', en: 'the folder holds more than one model export; put the one to import in a folder of its own' },
  MODEL_FORMAT_UNKNOWN: { zh: '文件夹中没有寻图能识别的模型；请指向 OFA-Sys ONNX 导出、Hugging Face 导出或寻图格式的文件夹', en: 'the folder holds no model Xuntu recognises; point to an OFA-Sys ONNX export, a Hugging Face export or a Xuntu-layout folder' },
  MODEL_IMPORT_INVALID: { zh: '无法从这个位置导入；请先把模型复制到别处再导入', en: 'cannot import from this location; copy the model elsewhere and import the copy' },
  MODEL_NOT_DOWNLOADABLE: { zh: '该模型无法直接下载；请自行转换原始权重后用 xuntu model import 导入，或换一个来源', en: 'this model cannot be downloaded from there; convert the original weights and use xuntu model import, or pick another source' },
  MODEL_OUTPUT_MISMATCH: { zh: '模型的输出与 manifest.json 不符；请重新下载或导入该模型（xuntu model verify 可检查文件）', en: "the model's output does not match its manifest.json; fetch or import the model again (xuntu model verify checks its files)" },
  MODEL_PREPROCESSING_UNSUPPORTED: { zh: '不支持该模型的图片预处理方式；请换一个模型', en: "the model's image preprocessing is not supported; use another model" },
  MODEL_SPLIT_MISMATCH: { zh: '拆分模型时结果校验失败（这是寻图的问题，请报告）', en: "splitting the model failed its check (a bug in Xuntu; please report it)" },
  MODEL_UNSUPPORTED: { zh: '不支持这种模型结构；请使用目录中的模型（xuntu model list）', en: 'this kind of model is not supported; use one from the catalog (xuntu model list)' },
  MODEL_VARIANT_UNAVAILABLE: { zh: '模型没有这个精度版本；请用 --variant 选择其中已有的版本', en: 'the model has no such variant; choose one it has with --variant' },
  NO_ACTIVE_MODEL: { zh: '图库还没有选择模型：先运行 xuntu model fetch 或 xuntu model import', en: 'no model chosen for this library: run xuntu model fetch or xuntu model import first' },
  PHOTO_NOT_FOUND: { zh: '图库中没有这张照片', en: 'no such photo in this library' },
  LABEL_SET_INVALID: { zh: '标签集无效，未作任何改动', en: 'invalid label set; nothing was changed' },
  LABEL_SET_UNREADABLE: { zh: '无法读取标签集文件', en: 'cannot read the label set file' },
  LABEL_SET_NOT_FOUND: { zh: '没有这个标签集（用 xuntu labels list 查看）', en: 'no such label set (see xuntu labels list)' },
  LABEL_SET_EXISTS: { zh: '已有同名的标签集', en: 'a label set of that name already exists' },
  LABEL_NOT_FOUND: { zh: '没有这个标签（用 xuntu labels show <标签集> 查看）', en: 'no such label (see xuntu labels show <set>)' },
  LABEL_AMBIGUOUS: { zh: '多个标签集中都有这个标签，请写成「集合/标签」', en: 'several label sets have this label; write it as set/label' },
  PROMPTS_NOT_ENCODED: { zh: '标签的文字还没有用当前模型编码：先运行 xuntu tag', en: "the label's words have not been encoded with this model yet: run xuntu tag first" },
  NOT_EMBEDDED: { zh: '这张照片还没有向量：运行 xuntu index', en: 'this photo has no vector yet: run xuntu index' },
  XMP_MALFORMED: { zh: 'XMP 附属文件格式不对，未作改动', en: 'malformed XMP sidecar, left untouched' },
  XMP_TOO_LARGE: { zh: 'XMP 附属文件大得异常，已拒绝读取', en: 'XMP sidecar unreasonably large, refused' },
  XMP_UNREADABLE: { zh: '无法读取 XMP 附属文件或照片（权限或磁盘错误）', en: 'XMP sidecar or photo cannot be read (permissions or disk error)' },
  XMP_READ_ONLY: { zh: '无法写入 XMP 附属文件：只读介质（标签仍保存在图库中）', en: 'cannot write the XMP sidecar: read-only media (the tags are kept in the library)' },
  XMP_NO_PERMISSION: { zh: '无法写入 XMP 附属文件：没有权限（标签仍保存在图库中）', en: 'cannot write the XMP sidecar: permission denied (the tags are kept in the library)' },
  XMP_DISK_FULL: { zh: '无法写入 XMP 附属文件：磁盘已满（标签仍保存在图库中）', en: 'cannot write the XMP sidecar: disk full (the tags are kept in the library)' },
  XMP_WRITE_FAILED: { zh: '无法写入 XMP 附属文件（标签仍保存在图库中）', en: 'cannot write the XMP sidecar (the tags are kept in the library)' },
  DB_TOO_NEW: { zh: '图库数据库来自更新版本的寻图，请升级寻图', en: 'the library database is from a newer Xuntu; please update Xuntu' },
};

export function reasonFor(code: string, detail: string, lang: Lang): string {
  const reasons = REASONS[code];
  if (!reasons) return detail;
  // A detail that only restates the generic wording adds nothing.
  const redundant = !detail || reasons.en.toLowerCase().startsWith(detail.toLowerCase()) || detail === reasons[lang];
  return redundant ? reasons[lang] : `${reasons[lang]}: ${detail}`;
}
