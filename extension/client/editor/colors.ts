// Theme colours of the entity highlights: one contributed colour per taxonomy colour role
// (package.json `contributes.colors`, ids `sciwrite.entity.<role>`), so themes can restyle them.
import * as vscode from 'vscode';

export const COLOR_ROLES = ['gene', 'chemical', 'disease', 'cell', 'anatomy', 'organism', 'task', 'method', 'metric', 'material', 'other'] as const;

export function colorId(role: string): string {
  return `sciwrite.entity.${(COLOR_ROLES as readonly string[]).includes(role) ? role : 'other'}`;
}

/** One decoration style per colour role: a coloured underline plus a faint tint, readable in light, dark and high-contrast themes. */
export function decorationFor(role: string): vscode.TextEditorDecorationType {
  const color = new vscode.ThemeColor(colorId(role));
  return vscode.window.createTextEditorDecorationType({
    borderStyle: 'solid',
    borderWidth: '0 0 2px 0',
    borderColor: color,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    overviewRulerColor: color,
    overviewRulerLane: vscode.OverviewRulerLane.Right,
  });
}
