// The settings table as Kysely sees it (created by migration 0014-settings): one row per section.
export interface SettingsTable {
  /** The section's name, e.g. "naming". */
  key: string;
  /** JSON object of the section's fields, as last saved. */
  value: string;
  updated_at: number;
}

export interface SettingsTables {
  settings: SettingsTable;
}
