// Owns the shape of a Cardigann indexer definition (schema v11) as the engine reads it, once it has
// passed the JSON Schema. Only the parts the engine acts on are typed; the schema guarantees the rest.
import type { FilterBlock } from './filters.js';

export type SettingType =
  | 'info'
  | 'text'
  | 'password'
  | 'checkbox'
  | 'select'
  | 'info_category_8000'
  | 'info_cookie'
  | 'info_flaresolverr'
  | 'info_useragent';

export interface SettingDefinition {
  name: string;
  label?: string;
  type: SettingType;
  default?: string | number | boolean;
  options?: Record<string, string>;
  defaults?: string[];
}

export interface SelectorBlock {
  selector?: string;
  attribute?: string;
  optional?: boolean;
  default?: string | number;
  case?: Record<string, string | number>;
  remove?: string;
  text?: string | number;
  filters?: FilterBlock[];
}

export interface SelectorField {
  selector?: string;
  attribute?: string;
  usebeforeresponse?: boolean;
  filters?: FilterBlock[];
}

export interface ErrorBlock {
  path?: string;
  selector: string;
  message?: SelectorBlock;
}

export interface LoginBlock {
  method?: 'form' | 'post' | 'cookie' | 'get' | 'oneurl';
  path?: string;
  submitpath?: string;
  form?: string;
  cookies?: string[];
  captcha?: { type: 'image' | 'text'; selector: string; input: string };
  inputs?: Record<string, string | number | boolean>;
  selectors?: boolean;
  selectorinputs?: Record<string, SelectorField>;
  getselectorinputs?: Record<string, SelectorField>;
  error?: ErrorBlock[];
  test?: { path: string; selector?: string };
  headers?: Record<string, string[]>;
}

export interface SearchPathBlock {
  path: string;
  method?: string;
  followredirect?: boolean;
  categories?: (string | number)[];
  inputs?: Record<string, string | number>;
  inheritinputs?: boolean;
  queryseparator?: string;
  response?: { type: 'json' | 'xml'; noResultsMessage?: string };
}

export interface RowsBlock {
  selector: string;
  after?: number;
  dateheaders?: SelectorBlock;
  attribute?: string;
  multiple?: boolean;
  missingAttributeEqualsNoResults?: boolean;
  remove?: string;
  filters?: FilterBlock[];
  count?: SelectorBlock;
}

export interface SearchBlock {
  path?: string;
  paths?: SearchPathBlock[];
  allowEmptyInputs?: boolean;
  inputs?: Record<string, string | number | boolean>;
  headers?: Record<string, string[]>;
  keywordsfilters?: FilterBlock[];
  error?: ErrorBlock[];
  preprocessingfilters?: FilterBlock[];
  rows: RowsBlock;
  fields: Record<string, SelectorBlock>;
}

export interface DownloadBlock {
  method?: string;
  before?: {
    path?: string;
    pathselector?: SelectorField;
    method?: string;
    inputs?: Record<string, string | number>;
    queryseparator?: string;
  };
  selectors?: SelectorField[];
  infohash?: { hash?: SelectorField; title?: SelectorField; usebeforeresponse?: boolean };
  headers?: Record<string, string[]>;
}

export interface CardigannDefinition {
  id: string;
  name: string;
  description: string;
  language: string;
  type: 'public' | 'semi-private' | 'private';
  encoding: string;
  followredirect?: boolean;
  requestDelay?: number;
  links: string[];
  legacylinks?: string[];
  caps: {
    categories?: Record<string, string>;
    categorymappings?: { id: string | number; cat: string; desc?: string; default?: boolean }[];
    modes: Record<string, string[]>;
    allowrawsearch?: boolean;
  };
  settings?: SettingDefinition[];
  login?: LoginBlock;
  search: SearchBlock;
  download?: DownloadBlock;
}
