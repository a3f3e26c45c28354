// The `sciwrite.*` settings as the server reads them with workspace/configuration.
// package.json's `contributes.configuration` is the schema; this file gives the typed view and defaults.

export interface SciWriteSettings {
  citations: {
    hover: {
      enabled: boolean;
      /** With LaTeX Workshop installed, show only what SciWrite adds to its citation hover. */
      deferToLatexWorkshop: boolean;
    };
    completion: { enabled: boolean };
    /** Extra citation commands, without the backslash, e.g. "mycite". */
    extraCommands: string[];
  };
  diagnostics: {
    enabled: boolean;
    /** Milliseconds to wait after the last edit before publishing diagnostics. */
    delay: number;
  };
  bibliography: {
    /** Extra .bib / CSL-JSON files every manuscript may cite, absolute or relative to the workspace folder. */
    extraFiles: string[];
  };
  latex: {
    /** Commands whose arguments hold no prose, without the backslash. */
    skipCommands: string[];
    /** Environments whose body holds no prose. */
    skipEnvironments: string[];
  };
}

export const defaultSettings: SciWriteSettings = {
  citations: {
    hover: { enabled: true, deferToLatexWorkshop: true },
    completion: { enabled: true },
    extraCommands: [],
  },
  diagnostics: { enabled: true, delay: 300 },
  bibliography: { extraFiles: [] },
  latex: { skipCommands: [], skipEnvironments: [] },
};

type Json = unknown;

function field(value: Json, name: string): Json {
  return typeof value === 'object' && value !== null ? (value as Record<string, Json>)[name] : undefined;
}

function bool(value: Json, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function num(value: Json, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

function strings(value: Json): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.trim() !== '') : [];
}

function commandNames(value: Json): string[] {
  return strings(value).map((name) => name.trim().replace(/^\\/, ''));
}

/** Reads the `sciwrite` section as a client returns it (possibly partial or malformed) into typed settings. */
export function normalizeSettings(section: Json): SciWriteSettings {
  const citations = field(section, 'citations');
  const hover = field(citations, 'hover');
  const diagnostics = field(section, 'diagnostics');
  const latex = field(section, 'latex');
  const d = defaultSettings;
  return {
    citations: {
      hover: {
        enabled: bool(field(hover, 'enabled'), d.citations.hover.enabled),
        deferToLatexWorkshop: bool(field(hover, 'deferToLatexWorkshop'), d.citations.hover.deferToLatexWorkshop),
      },
      completion: { enabled: bool(field(field(citations, 'completion'), 'enabled'), d.citations.completion.enabled) },
      extraCommands: commandNames(field(citations, 'extraCommands')),
    },
    diagnostics: {
      enabled: bool(field(diagnostics, 'enabled'), d.diagnostics.enabled),
      delay: num(field(diagnostics, 'delay'), d.diagnostics.delay),
    },
    bibliography: { extraFiles: strings(field(field(section, 'bibliography'), 'extraFiles')) },
    latex: {
      skipCommands: commandNames(field(latex, 'skipCommands')),
      skipEnvironments: strings(field(latex, 'skipEnvironments')),
    },
  };
}
