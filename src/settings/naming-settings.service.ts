// Owns reading and changing the naming settings, and the namers of the moment: an import or an add
// asks for them each time, so a saved change applies to the next file without a restart.
import {
  LibraryNaming,
  namingExamples,
  namingSection,
  type NamingExamples,
  type NamingSettings,
} from './naming-settings.js';
import type { SettingsStore } from './settings.service.js';

export class NamingSettingsService {
  private compiled: LibraryNaming | undefined;

  constructor(private readonly store: Pick<SettingsStore, 'get' | 'save' | 'validate'>) {}

  get(): Promise<NamingSettings> {
    return this.store.get(namingSection);
  }

  /** Replaces the settings (absent fields take their defaults); BadRequestError names each wrong field. */
  save(input: Partial<NamingSettings>): Promise<NamingSettings> {
    return this.store.save(namingSection, input);
  }

  /** Example names from the stored settings, or from them with the proposed fields changed. */
  async examples(proposed: Partial<NamingSettings> = {}): Promise<NamingExamples> {
    const defined = Object.fromEntries(Object.entries(proposed).filter(([, value]) => value !== undefined));
    const settings = this.store.validate(namingSection, { ...(await this.get()), ...defined });
    return namingExamples(settings);
  }

  /** The namers of the current settings, compiled again only when the settings were read again. */
  async current(): Promise<LibraryNaming> {
    const settings = await this.get();
    if (this.compiled?.settings !== settings) this.compiled = new LibraryNaming(settings);
    return this.compiled;
  }
}
