// Every view's own strings (kept beside the view), joined into the app's messages by
// en.ts and ko.ts under the view's name.
import { progressStrings } from '../components/progress/strings.js';
import { architectureStrings } from '../views/architecture/strings.js';
import { editorStrings } from '../views/editor/strings.js';
import { nodesStrings } from '../views/nodes/strings.js';
import { podIoStrings } from '../views/resources/pod-io-strings.js';
import { runtimesStrings } from '../views/runtimes/strings.js';
import { setupStrings } from '../views/setup/strings.js';

export const VIEW_STRINGS = {
  architecture: architectureStrings,
  editor: editorStrings,
  nodes: nodesStrings,
  runtimes: runtimesStrings,
  setup: setupStrings,
  progress: progressStrings,
  podIo: podIoStrings,
};
