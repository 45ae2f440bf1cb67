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
  TOKENIZER_MISSING: { zh: '找不到模型的分词器文件（vocab.txt 或 tokenizer.json）', en: "the model's tokenizer file (vocab.txt or tokenizer.json) is missing" },
  TOKENIZER_UNREADABLE: { zh: '无法读取模型的分词器文件', en: "the model's tokenizer file cannot be read" },
  TOKENIZER_INVALID: { zh: '模型的分词器文件已损坏', en: "the model's tokenizer file is corrupt" },
  TOKENIZER_UNSUPPORTED: { zh: '不支持这种分词器', en: 'this kind of tokenizer is not supported' },
  DB_TOO_NEW: { zh: '图库数据库来自更新版本的寻图，请升级寻图', en: 'the library database is from a newer Xuntu; please update Xuntu' },
};

export function reasonFor(code: string, detail: string, lang: Lang): string {
  const reasons = REASONS[code];
  if (!reasons) return detail;
  // A detail that only restates the generic wording adds nothing.
  const redundant = !detail || reasons.en.toLowerCase().startsWith(detail.toLowerCase()) || detail === reasons[lang];
  return redundant ? reasons[lang] : `${reasons[lang]}: ${detail}`;
}
