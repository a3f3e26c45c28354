// The one call the client's activate() makes to add the editor features, after client.start():
//   registerEditorFeatures(context, client)
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  CancelModelDownloadNotification, CitationIntentsRequest, DeleteModelRequest, DownloadedModelsRequest, EntitiesNotification, EntityTypesRequest, IntentsNotification, ModelStatusNotification,
  VisibleRangesNotification, type EntityTypeInfo,
} from '../../protocol/editor.ts';
import { notificationType, requestType } from '../protocol.ts';
import { colorId } from './colors.ts';
import { EntityDecorations } from './decorations.ts';
import { CitationIntentsProvider } from './intents-view.ts';
import { ModelStatusItem } from './status.ts';
import { ModelConsent } from './model-consent.ts';
import { formatBytes } from '../../core/format/bytes.ts';

export const EditorCommands = {
  toggleHighlighting: 'sciwrite.toggleEntityHighlighting',
  chooseTypes: 'sciwrite.chooseEntityTypes',
  showModels: 'sciwrite.showModelStatus',
  refreshIntents: 'sciwrite.refreshCitationIntents',
  manageModels: 'sciwrite.manageModels',
} as const;

const HIGHLIGHT_STATE = 'sciwrite.entities.highlighting';

export function registerEditorFeatures(context: vscode.ExtensionContext, client: LanguageClient): void {
  // Resource-scoped: each folder of a multi-root workspace may hide its own types.
  const hiddenTypes = (uri?: vscode.Uri): string[] => vscode.workspace.getConfiguration('sciwrite', uri).get<string[]>('entities.hiddenTypes', []);
  const decorations = new EntityDecorations((uri) => new Set(hiddenTypes(uri)));
  decorations.enabled = context.workspaceState.get<boolean>(HIGHLIGHT_STATE, true);
  const status = new ModelStatusItem(EditorCommands.showModels);
  const consent = new ModelConsent(context, client);
  const intents = new CitationIntentsProvider((uri) => client.sendRequest(requestType(CitationIntentsRequest), { uri }));
  let types: EntityTypeInfo[] = [];

  const sendVisible = (editor: vscode.TextEditor | undefined) => {
    if (!editor) return;
    const ranges = editor.visibleRanges.map((r) => ({ start: { line: r.start.line, character: 0 }, end: { line: r.end.line + 1, character: 0 } }));
    void client.sendNotification(notificationType(VisibleRangesNotification), { uri: editor.document.uri.toString(), ranges });
  };
  let visibleTimer: NodeJS.Timeout | undefined;

  context.subscriptions.push(
    decorations,
    status,
    intents,
    vscode.window.registerTreeDataProvider(CitationIntentsProvider.viewId, intents),
    client.onNotification(notificationType(EntitiesNotification), (params) => decorations.receive(params)),
    client.onNotification(notificationType(IntentsNotification), () => intents.reload()),
    consent,
    client.onNotification(notificationType(ModelStatusNotification), (params) => {
      status.update(params);
      consent.status(params);
    }),
    vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => decorations.paint(e))),
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      sendVisible(editor);
      intents.reload();
    }),
    vscode.window.onDidChangeTextEditorVisibleRanges((event) => {
      clearTimeout(visibleTimer);
      visibleTimer = setTimeout(() => sendVisible(event.textEditor), 100);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      decorations.forget(document.uri.toString());
      intents.reload();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('sciwrite.entities.hiddenTypes')) decorations.refresh();
    }),
    vscode.commands.registerCommand(EditorCommands.toggleHighlighting, async () => {
      decorations.enabled = !decorations.enabled;
      await context.workspaceState.update(HIGHLIGHT_STATE, decorations.enabled);
      decorations.refresh();
      void vscode.window.setStatusBarMessage(`SciWrite: entity highlighting ${decorations.enabled ? 'on' : 'off'}`, 3000);
    }),
    vscode.commands.registerCommand(EditorCommands.chooseTypes, async () => {
      if (types.length === 0) types = await client.sendRequest(requestType(EntityTypesRequest), {});
      // The types of the document in front: in a multi-root workspace, its folder's setting.
      const resource = vscode.window.activeTextEditor?.document.uri;
      const folder = resource ? vscode.workspace.getWorkspaceFolder(resource) : undefined;
      const hidden = new Set(hiddenTypes(resource));
      const picked = await vscode.window.showQuickPick(
        types.map((t) => ({ label: t.label, description: `${t.colorRole} colour`, id: t.id, picked: !hidden.has(t.id), iconPath: new vscode.ThemeIcon('circle-filled', new vscode.ThemeColor(colorId(t.colorRole))) })),
        { canPickMany: true, title: 'SciWrite: entity types to highlight (the dot is the colour used)' },
      );
      if (!picked) return;
      const keep = new Set(picked.map((p) => p.id));
      const folders = vscode.workspace.workspaceFolders ?? [];
      const target = folder && folders.length > 1 ? vscode.ConfigurationTarget.WorkspaceFolder : folders.length > 0 ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      await vscode.workspace.getConfiguration('sciwrite', resource).update('entities.hiddenTypes', types.filter((t) => !keep.has(t.id)).map((t) => t.id), target);
    }),
    vscode.commands.registerCommand(EditorCommands.showModels, async () => {
      const roles = status.last?.roles ?? [];
      const items = roles.map((r) => ({
        label: `${r.role}: ${r.active ?? r.requested}`,
        description: r.state,
        detail: r.reason,
        role: r.role,
        downloading: r.download !== undefined,
      }));
      const choice = await vscode.window.showQuickPick([...items, { label: '$(gear) Choose models in settings…', description: '', detail: undefined, role: undefined, downloading: false }], { title: 'SciWrite models' });
      if (!choice) return;
      if (!choice.role) await vscode.commands.executeCommand('workbench.action.openSettings', 'sciwrite.models');
      else if (choice.downloading) void client.sendNotification(notificationType(CancelModelDownloadNotification), { role: choice.role });
    }),
    vscode.commands.registerCommand(EditorCommands.refreshIntents, () => intents.reload()),
    vscode.commands.registerCommand(EditorCommands.manageModels, async () => {
      const models = await client.sendRequest(requestType(DownloadedModelsRequest), {});
      if (models.length === 0) {
        void vscode.window.showInformationMessage('SciWrite: no Hugging Face model downloaded yet (the built-in models need none).');
        return;
      }
      const pick = await vscode.window.showQuickPick(models.map((m) => ({
        label: m.repo,
        description: m.incomplete ? `incomplete download · ${formatBytes(m.bytes)}` : `${formatBytes(m.bytes)} · ${m.license ?? 'licence unknown'}`,
        detail: `${m.source} @ ${m.commit.slice(0, 12)} (${m.kind})`,
        repo: m.repo,
      })), { title: 'SciWrite: downloaded models — pick one to delete' });
      if (!pick) return;
      const versions = models.filter((m) => m.repo === pick.repo).length;
      const what = versions > 1 ? `all ${versions} downloads of ${pick.repo} (finished or not)` : pick.repo;
      const answer = await vscode.window.showWarningMessage(`Delete ${what} from the model cache, with the ONNX models converted from it?`, { modal: true }, 'Delete');
      if (answer === 'Delete') await client.sendRequest(requestType(DeleteModelRequest), { repo: pick.repo });
    }),
  );
  client.sendRequest(requestType(EntityTypesRequest), {}).then((t) => {
    types = t;
    decorations.setTaxonomy(t);
  }, () => undefined);
  sendVisible(vscode.window.activeTextEditor);
  void consent.start();
}
