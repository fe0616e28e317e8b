// Query and path parameters of the REST operations (descriptions shortened from the
// kube-apiserver OpenAPI). `fieldValidation` matters beyond documentation: kubectl
// only sends ?fieldValidation=Strict when the PATCH operation lists it.

export interface ParamModel {
  name: string;
  in: 'path' | 'query';
  type: 'string' | 'integer' | 'boolean';
  description: string;
  required?: boolean;
}

const q = (name: string, type: ParamModel['type'], description: string): ParamModel => ({ name, in: 'query', type, description });

const dryRun = q('dryRun', 'string', 'When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed');
const fieldManager = q('fieldManager', 'string', 'fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.');
const fieldValidation = q('fieldValidation', 'string', 'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: unknown fields are silently dropped and all but the last duplicate field are ignored. - Warn: a warning is sent via the standard warning response header for each unknown or duplicate field; the request still succeeds. This is the default in v1.23+ - Strict: the request fails with a BadRequest error if any unknown or duplicate fields are present.');

const list: ParamModel[] = [
  q('allowWatchBookmarks', 'boolean', 'allowWatchBookmarks requests watch events with type "BOOKMARK". Servers that do not implement bookmarks may ignore this flag and bookmarks are sent at the server\'s discretion.'),
  q('continue', 'string', 'The continue option should be set when retrieving more results from the server. Since this value is server defined, clients may only use the continue value from a previous query result with identical query parameters (except for the value of continue).'),
  q('fieldSelector', 'string', 'A selector to restrict the list of returned objects by their fields. Defaults to everything.'),
  q('labelSelector', 'string', 'A selector to restrict the list of returned objects by their labels. Defaults to everything.'),
  q('limit', 'integer', 'limit is a maximum number of responses to return for a list call. If more items exist, the server will set the `continue` field on the list metadata to a value that can be used with the same initial query to retrieve the next set of results.'),
  q('resourceVersion', 'string', 'resourceVersion sets a constraint on what resource versions a request may be served from. See https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions for details.\n\nDefaults to unset'),
  q('resourceVersionMatch', 'string', 'resourceVersionMatch determines how resourceVersion is applied to list calls. It is highly recommended that resourceVersionMatch be set for list calls where resourceVersion is set See https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions for details.\n\nDefaults to unset'),
  q('sendInitialEvents', 'boolean', '`sendInitialEvents=true` may be set together with `watch=true`. In that case, the watch stream will begin with synthetic events to produce the current state of objects in the collection. Once all such events have been sent, a synthetic "Bookmark" event will be sent.'),
  q('timeoutSeconds', 'integer', 'Timeout for the list/watch call. This limits the duration of the call, regardless of any activity or inactivity.'),
  q('watch', 'boolean', 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications. Specify resourceVersion.'),
];

const del: ParamModel[] = [
  dryRun,
  q('gracePeriodSeconds', 'integer', 'The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately. If this value is nil, the default grace period for the specified type will be used. Defaults to a per object value if not specified. zero means delete immediately.'),
  q('ignoreStoreReadErrorWithClusterBreakingPotential', 'boolean', 'if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error.'),
  q('orphanDependents', 'boolean', 'Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7. Should the dependent objects be orphaned. If true/false, the "orphan" finalizer will be added to/removed from the object\'s finalizers list. Either this field or PropagationPolicy may be set, but not both.'),
  q('propagationPolicy', 'string', 'Whether and how garbage collection will be performed. Either this field or OrphanDependents may be set, but not both. Acceptable values are: \'Orphan\' - orphan the dependents; \'Background\' - allow the garbage collector to delete the dependents in the background; \'Foreground\' - a cascading policy that deletes all dependents in the foreground.'),
];

const namespace: ParamModel = { name: 'namespace', in: 'path', type: 'string', required: true, description: 'object name and auth scope, such as for teams and projects' };

const streams = (what: string): ParamModel[] => [
  q('container', 'string', `The container in which to ${what}. Defaults to only container if there is only one container in the pod.`),
  q('stderr', 'boolean', `Redirect the standard error stream of the pod for this call.`),
  q('stdin', 'boolean', `Redirect the standard input stream of the pod for this call. Defaults to false.`),
  q('stdout', 'boolean', `Redirect the standard output stream of the pod for this call.`),
  q('tty', 'boolean', 'TTY if true indicates that a tty will be allocated for the call. This is passed through the container runtime so the tty is allocated on the worker node by the container runtime. Defaults to false.'),
];

export const PARAMS = {
  pretty: q('pretty', 'string', 'If \'true\', then the output is pretty printed. Defaults to \'false\' unless the user-agent indicates a browser or command-line HTTP tool (curl and wget).'),
  namespace,
  name: (kind: string): ParamModel => ({ name: 'name', in: 'path', type: 'string', required: true, description: `name of the ${kind}` }),
  list,
  write: [dryRun, fieldManager, fieldValidation],
  patch: [dryRun, { ...fieldManager, description: `${fieldManager.description} This field is required for apply requests (application/apply-patch) but optional for non-apply patch types (JsonPatch, MergePatch, StrategicMergePatch).` }, fieldValidation, q('force', 'boolean', 'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.')],
  delete: del,
  log: [
    q('container', 'string', 'The container for which to stream logs. Defaults to only container if there is one container in the pod.'),
    q('follow', 'boolean', 'Follow the log stream of the pod. Defaults to false.'),
    q('insecureSkipTLSVerifyBackend', 'boolean', 'insecureSkipTLSVerifyBackend indicates that the apiserver should not confirm the validity of the serving certificate of the backend it is connecting to.'),
    q('limitBytes', 'integer', 'If set, the number of bytes to read from the server before terminating the log output. This may not display a complete final line of logging, and may return slightly more or slightly less than the specified limit.'),
    q('previous', 'boolean', 'Return previous terminated container logs. Defaults to false.'),
    q('sinceSeconds', 'integer', 'A relative time in seconds before the current time from which to show logs. If this value precedes the time a pod was started, only logs since the pod start will be returned. Only one of sinceSeconds or sinceTime may be specified.'),
    q('stream', 'string', 'Specify which container log stream to return to the client. Acceptable values are "All", "Stdout" and "Stderr". If not specified, "All" is used, and both stdout and stderr are returned interleaved.'),
    q('tailLines', 'integer', 'If set, the number of lines from the end of the logs to show. If not specified, logs are shown from the creation of the container or sinceSeconds or sinceTime.'),
    q('timestamps', 'boolean', 'If true, add an RFC3339 or RFC3339Nano timestamp at the beginning of every line of log output. Defaults to false.'),
  ],
  exec: [q('command', 'string', 'Command is the remote command to execute. argv array. Not executed within a shell.'), ...streams('execute the command')],
  attach: streams('attach'),
  portforward: [q('ports', 'integer', 'List of ports to forward Required when using WebSockets')],
  proxy: [q('path', 'string', 'Path is the URL path to use for the current proxy request.')],
};
