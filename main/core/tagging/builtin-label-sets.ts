import type { LabelDefinition, LabelSetDefinition } from './label-set.js';

function label(name: string, phrasings: string[] = [], exclusions: string[] = []): LabelDefinition {
  return { name, phrasings, exclusions, threshold: null };
}

/**
 * The sets a new library starts with, for the photos people actually keep on a phone or a family drive. Phrasings
 * are the everyday words someone would search with; exclusions name the look-alikes CLIP confuses a label with.
 * Thresholds are left to the model's default until corrections teach a label its own.
 */
export const BUILTIN_LABEL_SETS: readonly LabelSetDefinition[] = [
  {
    name: '场景',
    description: '照片拍的是什么地方、什么景色',
    exclusive: false,
    labels: [
      label('海边', ['海滩', '沙滩', '大海'], ['游泳池']),
      label('山景', ['高山', '山峰', '群山']),
      label('日落', ['夕阳', '晚霞', '黄昏']),
      label('日出', ['清晨的太阳', '朝霞']),
      label('城市街景', ['街道', '街头', '城市的马路']),
      label('夜景', ['城市夜景', '夜晚的灯光', '夜空']),
      label('雪景', ['雪地', '下雪', '白雪覆盖的地面']),
      label('森林', ['树林', '林间小路']),
      label('湖泊', ['湖面', '湖边']),
      label('草原', ['草地', '大片的草坪']),
      label('沙漠', ['沙丘']),
      label('花园', ['公园', '园林']),
      label('蓝天白云', ['晴朗的天空', '云朵']),
    ],
  },
  {
    name: '主体',
    description: '照片里主要拍的是谁、是什么',
    exclusive: false,
    labels: [
      label('猫', ['猫咪', '小猫'], ['猫头鹰', '老虎', '猫的玩偶']),
      label('狗', ['狗狗', '小狗'], ['狼', '狗的玩偶']),
      label('孩子', ['小孩', '儿童', '小朋友']),
      label('婴儿', ['宝宝', '刚出生的婴儿']),
      label('合影', ['集体照', '大合照', '一群人的合照']),
      label('自拍', ['自拍照', '对着镜头的自拍']),
      label('美食', ['菜肴', '一桌饭菜', '好吃的']),
      label('甜点', ['蛋糕', '冰淇淋', '甜品']),
      label('饮品', ['咖啡', '奶茶', '饮料']),
      label('花', ['鲜花', '花朵', '一束花'], ['花纹', '假花']),
      label('绿植', ['盆栽', '室内植物']),
      label('鸟', ['小鸟', '飞鸟']),
      label('汽车', ['小汽车', '轿车'], ['玩具车', '汽车模型']),
    ],
  },
  {
    name: '文档与截图',
    description: '不是拍风景和人，而是为了留存信息拍的照片和截图',
    exclusive: false,
    labels: [
      label('截图', ['手机截图', '屏幕截图', '聊天记录截图']),
      label('证件', ['身份证', '护照', '驾驶证', '证件照片']),
      label('票据', ['发票', '收据', '购物小票']),
      label('文档', ['文件', '打印的文字', '合同']),
      label('白板', ['写满字的白板', '黑板']),
      label('二维码', ['二维码图片', '付款码']),
      label('名片', ['一张名片']),
    ],
  },
  {
    name: '活动',
    description: '照片记录的是什么事情、什么场合',
    exclusive: false,
    labels: [
      label('生日', ['生日派对', '生日蛋糕和蜡烛', '过生日']),
      label('婚礼', ['新娘和新郎', '婚纱', '婚宴']),
      label('毕业', ['毕业典礼', '穿学士服', '毕业照']),
      label('旅行', ['旅游', '旅途中', '景点打卡']),
      label('聚餐', ['朋友聚会吃饭', '一家人吃饭', '饭局']),
      label('运动', ['健身', '跑步', '打球']),
      label('春节', ['过年', '年夜饭', '贴春联']),
      label('演出', ['演唱会', '音乐会', '舞台表演']),
      label('露营', ['帐篷', '野营']),
    ],
  },
  {
    name: '室内外',
    description: '每张照片只归一类：在屋里还是在户外拍的',
    exclusive: true,
    labels: [label('室内', ['屋里', '房间里']), label('室外', ['户外', '屋外'])],
  },
];
