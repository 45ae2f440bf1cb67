import { describe, expect, it } from 'vitest';
import { hubEndpoint, hubFileUrl } from '../../../main/core/models/source-url.js';

const file = { repo: 'Xenova/chinese-clip-vit-base-patch16', revision: 'main', path: 'onnx/model_quantized.onnx' };

describe('hub endpoints', () => {
  it('uses the public hubs by default', () => {
    expect(hubEndpoint('huggingface', undefined, {})).toBe('https://huggingface.co');
    expect(hubEndpoint('modelscope', undefined, {})).toBe('https://www.modelscope.cn');
  });

  it('honours HF_ENDPOINT and MODELSCOPE_DOMAIN (a bare host, as the modelscope SDK takes it)', () => {
    expect(hubEndpoint('huggingface', undefined, { HF_ENDPOINT: 'https://hf-mirror.com/' })).toBe('https://hf-mirror.com');
    expect(hubEndpoint('modelscope', undefined, { MODELSCOPE_DOMAIN: 'modelscope.example.cn' })).toBe('https://modelscope.example.cn');
    expect(hubEndpoint('huggingface', undefined, { HF_ENDPOINT: '' })).toBe('https://huggingface.co');
    // Each hub reads only its own variable.
    expect(hubEndpoint('modelscope', undefined, { HF_ENDPOINT: 'https://hf-mirror.com' })).toBe('https://www.modelscope.cn');
  });

  it('prefers an explicit --endpoint over the environment', () => {
    expect(hubEndpoint('huggingface', 'http://127.0.0.1:8080/hf', { HF_ENDPOINT: 'https://hf-mirror.com' })).toBe('http://127.0.0.1:8080/hf');
  });

  it('refuses an endpoint that is not a URL', () => {
    expect(() => hubEndpoint('huggingface', 'http://exa mple.com', {})).toThrow(expect.objectContaining({ code: 'MODEL_ENDPOINT_INVALID' }));
  });
});

describe('hub file URLs', () => {
  it('builds Hugging Face resolve URLs', () => {
    expect(hubFileUrl('huggingface', 'https://huggingface.co', file)).toBe(
      'https://huggingface.co/Xenova/chinese-clip-vit-base-patch16/resolve/main/onnx/model_quantized.onnx',
    );
    expect(hubFileUrl('huggingface', hubEndpoint('huggingface', undefined, { HF_ENDPOINT: 'https://hf-mirror.com' }), file)).toBe(
      'https://hf-mirror.com/Xenova/chinese-clip-vit-base-patch16/resolve/main/onnx/model_quantized.onnx',
    );
  });

  it('encodes the revision whole and each path segment', () => {
    expect(hubFileUrl('huggingface', 'https://huggingface.co', { repo: 'a/b', revision: 'refs/pr/1', path: 'dir/my file#1.json' })).toBe(
      'https://huggingface.co/a/b/resolve/refs%2Fpr%2F1/dir/my%20file%231.json',
    );
  });

  it('builds ModelScope repo-API URLs', () => {
    expect(hubFileUrl('modelscope', 'https://www.modelscope.cn', { repo: 'damo/clip', revision: 'v1.0.1', path: 'onnx/model.onnx' })).toBe(
      'https://www.modelscope.cn/api/v1/models/damo/clip/repo?Revision=v1.0.1&FilePath=onnx%2Fmodel.onnx',
    );
  });
});
