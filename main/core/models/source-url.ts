import type { Hub } from '../../../models/catalog.js';
import { XuntuError } from '../errors.js';

const DEFAULT_ENDPOINTS: Record<Hub, string> = {
  huggingface: 'https://huggingface.co',
  // modelscope/hub/constants.py: DEFAULT_MODELSCOPE_DOMAIN = 'www.modelscope.cn', always over https.
  modelscope: 'https://www.modelscope.cn',
};

/**
 * The variables the hubs' own clients read, so a mirror configured for them works here too: HF_ENDPOINT
 * (huggingface_hub; a URL such as https://hf-mirror.com) and MODELSCOPE_DOMAIN (the modelscope SDK; a bare host).
 */
const ENDPOINT_VARIABLES: Record<Hub, string> = { huggingface: 'HF_ENDPOINT', modelscope: 'MODELSCOPE_DOMAIN' };

/** `--endpoint URL` wins over the hub's environment variable, which wins over the public hub. No trailing slash. */
export function hubEndpoint(hub: Hub, explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = [explicit, env[ENDPOINT_VARIABLES[hub]]].find((v) => v !== undefined && v.length > 0) ?? DEFAULT_ENDPOINTS[hub];
  const withScheme = /^[a-z][a-z\d+.-]*:\/\//i.test(chosen) ? chosen : `https://${chosen}`;
  if (!URL.canParse(withScheme)) throw new XuntuError('MODEL_ENDPOINT_INVALID', `"${chosen}" is not a usable ${hub} endpoint URL`);
  return withScheme.replace(/\/+$/, '');
}

export interface HubFile {
  repo: string;
  revision: string;
  /** Path inside the repository, "/"-separated. */
  path: string;
}

/**
 * The download URL of one file at one revision, as each hub's client builds it:
 *   Hugging Face  {endpoint}/{repo}/resolve/{revision}/{path}   (huggingface_hub hf_hub_url; answers 302 to a CDN
 *                 for large files, and honours Range there)
 *   ModelScope    {endpoint}/api/v1/models/{repo}/repo?Revision={revision}&FilePath={path}
 *                 (modelscope/hub/file_download.py get_file_download_url; the SDK itself resumes with Range on it)
 * The revision is encoded whole ("refs/pr/1" → "refs%2Fpr%2F1"), as huggingface_hub quotes it.
 */
export function hubFileUrl(hub: Hub, endpoint: string, file: HubFile): string {
  if (hub === 'huggingface') {
    const filePath = file.path.split('/').map(encodeURIComponent).join('/');
    return `${endpoint}/${file.repo}/resolve/${encodeURIComponent(file.revision)}/${filePath}`;
  }
  return `${endpoint}/api/v1/models/${file.repo}/repo?Revision=${encodeURIComponent(file.revision)}&FilePath=${encodeURIComponent(file.path)}`;
}
