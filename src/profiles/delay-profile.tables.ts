// The delay profile table as Kysely sees it (created by migration 0011-delay-profiles).
import type { Generated } from 'kysely';

export interface DelayProfilesTable {
  id: Generated<number>;
  preferred_protocol: 'usenet' | 'torrent';
  /** Minutes a usenet release waits after it was published before it may be grabbed. */
  usenet_delay: number;
  torrent_delay: number;
  bypass_if_highest_quality: number;
  /** JSON string[] (lower case); empty only for the default profile. */
  tags: string;
  /** Lower comes first; the default profile is always last. */
  sort_order: number;
  is_default: number;
  created_at: number;
  updated_at: number;
}

export interface DelayProfileTables {
  delay_profiles: DelayProfilesTable;
}
