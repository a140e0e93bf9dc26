// The profile tables as Kysely sees them (created by migration 0002-profiles).
import type { Generated } from 'kysely';

export interface QualityDefinitionsTable {
  id: Generated<number>;
  /** A name from the quality vocabulary (src/profiles/qualities.ts); unique. */
  quality: string;
  title: string;
  /** MB per minute of runtime. */
  min_size: number;
  preferred_size: number | null;
  max_size: number | null;
  updated_at: number;
}

export interface QualityProfilesTable {
  id: Generated<number>;
  name: string;
  upgrade_allowed: number;
  /** JSON ProfileItem[], best first. */
  items: string;
  cutoff: string;
  min_format_score: number;
  cutoff_format_score: number;
  min_upgrade_format_score: number;
  created_at: number;
  updated_at: number;
}

export interface CustomFormatsTable {
  id: Generated<number>;
  name: string;
  include_when_renaming: number;
  /** JSON CustomFormatCondition[]. */
  conditions: string;
  created_at: number;
  updated_at: number;
}

/** A profile's score for one custom format; rows go with either side when it is deleted. */
export interface QualityProfileFormatScoresTable {
  quality_profile_id: number;
  custom_format_id: number;
  score: number;
}

export interface ProfileTables {
  quality_definitions: QualityDefinitionsTable;
  quality_profiles: QualityProfilesTable;
  custom_formats: CustomFormatsTable;
  quality_profile_format_scores: QualityProfileFormatScoresTable;
}
