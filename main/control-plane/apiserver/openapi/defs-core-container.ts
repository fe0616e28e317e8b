// core/v1 Container and what hangs off it: ports, env, resources, probes,
// lifecycle hooks, volume mounts, security context. Patch metadata and list types
// are those of Kubernetes 1.32 (types.go +patchStrategy / +listType markers).
import {
  arr, bool, defs, int32, int64, intOrString, mergeList, obj, quantityMap, ref, str, strArr,
} from './schema-builder.js';
import type { SchemaNode } from './schema-builder.js';

const NAME_REF_DESC =
  'Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names';

/** Every field of a Container except `name`; EphemeralContainer reuses them. */
function containerFields(): Record<string, SchemaNode> {
  return {
    args: strArr('Arguments to the entrypoint. The container image\'s CMD is used if this is not provided. Variable references $(VAR_NAME) are expanded using the container\'s environment. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax. Cannot be updated. More info: https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell'),
    command: strArr('Entrypoint array. Not executed within a shell. The container image\'s ENTRYPOINT is used if this is not provided. Variable references $(VAR_NAME) are expanded using the container\'s environment. If a variable cannot be resolved, the reference in the input string will be unchanged. Cannot be updated. More info: https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell'),
    env: mergeList(ref('core.EnvVar'), 'List of environment variables to set in the container. Cannot be updated.', ['name']),
    envFrom: arr(ref('core.EnvFromSource'), 'List of sources to populate environment variables in the container. The keys defined within a source must be a C_IDENTIFIER. All invalid keys will be reported as an event when the container is starting. When a key exists in multiple sources, the value associated with the last source will take precedence. Values defined by an Env with a duplicate key will take precedence. Cannot be updated.'),
    image: str('Container image name. More info: https://kubernetes.io/docs/concepts/containers/images This field is optional to allow higher level config management to default or override container images in workload controllers like Deployments and StatefulSets.'),
    imagePullPolicy: str('Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise. Cannot be updated. More info: https://kubernetes.io/docs/concepts/containers/images#updating-images', ['Always', 'IfNotPresent', 'Never']),
    lifecycle: ref('core.Lifecycle', 'Actions that the management system should take in response to container lifecycle events. Cannot be updated.'),
    livenessProbe: ref('core.Probe', 'Periodic probe of container liveness. Container will be restarted if the probe fails. Cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes'),
    ports: mergeList(ref('core.ContainerPort'), 'List of ports to expose from the container. Not specifying a port here DOES NOT prevent that port from being exposed. Any port which is listening on the default "0.0.0.0" address inside a container will be accessible from the network. Modifying this array with strategic merge patch may corrupt the data. For more information See https://github.com/kubernetes/kubernetes/issues/108255. Cannot be updated.', ['containerPort', 'protocol']),
    readinessProbe: ref('core.Probe', 'Periodic probe of container service readiness. Container will be removed from service endpoints if the probe fails. Cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes'),
    resizePolicy: arr(ref('core.ContainerResizePolicy'), 'Resources resize policy for the container.'),
    resources: ref('core.ResourceRequirements', 'Compute Resources required by this container. Cannot be updated. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'),
    restartPolicy: str('RestartPolicy defines the restart behavior of individual containers in a pod. This field may only be set for init containers, and the only allowed value is "Always". Setting the RestartPolicy as "Always" for the init container makes it a "sidecar" container: it is restarted on exit until all regular containers have terminated.'),
    securityContext: ref('core.SecurityContext', 'SecurityContext defines the security options the container should be run with. If set, the fields of SecurityContext override the equivalent fields of PodSecurityContext. More info: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'),
    startupProbe: ref('core.Probe', 'StartupProbe indicates that the Pod has successfully initialized. If specified, no other probes are executed until this completes successfully. If this probe fails, the Pod will be restarted, just as if the livenessProbe failed. This cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes'),
    stdin: bool('Whether this container should allocate a buffer for stdin in the container runtime. If this is not set, reads from stdin in the container will always result in EOF. Default is false.'),
    stdinOnce: bool('Whether the container runtime should close the stdin channel after it has been opened by a single attach. When stdin is true the stdin stream will remain open across multiple attach sessions. Default is false'),
    terminationMessagePath: str('Optional: Path at which the file to which the container\'s termination message will be written is mounted into the container\'s filesystem. Will be truncated by the node if greater than 4096 bytes. Defaults to /dev/termination-log. Cannot be updated.'),
    terminationMessagePolicy: str('Indicate how the termination message should be populated. File will use the contents of terminationMessagePath to populate the container status message on both success and failure. FallbackToLogsOnError will use the last chunk of container log output if the termination message file is empty and the container exited with an error. Defaults to File. Cannot be updated.', ['FallbackToLogsOnError', 'File']),
    tty: bool('Whether this container should allocate a TTY for itself, also requires \'stdin\' to be true. Default is false.'),
    volumeDevices: mergeList(ref('core.VolumeDevice'), 'volumeDevices is the list of block devices to be used by the container.', ['devicePath']),
    volumeMounts: mergeList(ref('core.VolumeMount'), 'Pod volumes to mount into the container\'s filesystem. Cannot be updated.', ['mountPath']),
    workingDir: str('Container\'s working directory. If not specified, the container runtime\'s default will be used, which might be configured in the container image. Cannot be updated.'),
  };
}

/** Fields shared by Probe and LifecycleHandler (ProbeHandler is inlined upstream). */
const handlerFields = (): Record<string, SchemaNode> => ({
  exec: ref('core.ExecAction', 'Exec specifies a command to execute in the container.'),
  httpGet: ref('core.HTTPGetAction', 'HTTPGet specifies an HTTP GET request to perform.'),
  tcpSocket: ref('core.TCPSocketAction', 'TCPSocket specifies a connection to a TCP port.'),
});

export const CORE_CONTAINER_DEFINITIONS = defs('core', {
  Container: obj('A single application container that you want to run within a pod.', {
    ...containerFields(),
    name: str('Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL). Cannot be updated.'),
  }, { required: ['name'] }),
  EphemeralContainer: obj('An EphemeralContainer is a temporary container that you may add to an existing Pod for user-initiated activities such as debugging. Ephemeral containers have no resource or scheduling guarantees, and they will not be restarted when they exit or when a Pod is removed or restarted. To add an ephemeral container, use the ephemeralcontainers subresource of an existing Pod.', {
    ...containerFields(),
    name: str('Name of the ephemeral container specified as a DNS_LABEL. This name must be unique among all containers, init containers and ephemeral containers.'),
    targetContainerName: str('If set, the name of the container from PodSpec that this ephemeral container targets. The ephemeral container will be run in the namespaces (IPC, PID, etc) of this container. If not set then the ephemeral container uses the namespaces configured in the Pod spec.'),
  }, { required: ['name'] }),
  ContainerPort: obj('ContainerPort represents a network port in a single container.', {
    containerPort: int32('Number of port to expose on the pod\'s IP address. This must be a valid port number, 0 < x < 65536.'),
    hostIP: str('What host IP to bind the external port to.'),
    hostPort: int32('Number of port to expose on the host. If specified, this must be a valid port number, 0 < x < 65536. If HostNetwork is specified, this must match ContainerPort. Most containers do not need this.'),
    name: str('If specified, this must be an IANA_SVC_NAME and unique within the pod. Each named port in a pod must have a unique name. Name for the port that can be referred to by services.'),
    protocol: str('Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".', ['SCTP', 'TCP', 'UDP']),
  }, { required: ['containerPort'] }),
  EnvVar: obj('EnvVar represents an environment variable present in a Container.', {
    name: str('Name of the environment variable. Must be a C_IDENTIFIER.'),
    value: str('Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container and any service environment variables. If a variable cannot be resolved, the reference in the input string will be unchanged. Defaults to "".'),
    valueFrom: ref('core.EnvVarSource', 'Source for the environment variable\'s value. Cannot be used if value is not empty.'),
  }, { required: ['name'] }),
  EnvVarSource: obj('EnvVarSource represents a source for the value of an EnvVar.', {
    configMapKeyRef: ref('core.ConfigMapKeySelector', 'Selects a key of a ConfigMap.'),
    fieldRef: ref('core.ObjectFieldSelector', 'Selects a field of the pod: supports metadata.name, metadata.namespace, `metadata.labels[\'<KEY>\']`, `metadata.annotations[\'<KEY>\']`, spec.nodeName, spec.serviceAccountName, status.hostIP, status.podIP, status.podIPs.'),
    resourceFieldRef: ref('core.ResourceFieldSelector', 'Selects a resource of the container: only resources limits and requests (limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory and requests.ephemeral-storage) are currently supported.'),
    secretKeyRef: ref('core.SecretKeySelector', 'Selects a key of a secret in the pod\'s namespace'),
  }),
  ConfigMapKeySelector: obj('Selects a key from a ConfigMap.', {
    key: str('The key to select.'),
    name: str(NAME_REF_DESC),
    optional: bool('Specify whether the ConfigMap or its key must be defined'),
  }, { required: ['key'], atomic: true }),
  SecretKeySelector: obj('SecretKeySelector selects a key of a Secret.', {
    key: str('The key of the secret to select from.  Must be a valid secret key.'),
    name: str(NAME_REF_DESC),
    optional: bool('Specify whether the Secret or its key must be defined'),
  }, { required: ['key'], atomic: true }),
  ObjectFieldSelector: obj('ObjectFieldSelector selects an APIVersioned field of an object.', {
    apiVersion: str('Version of the schema the FieldPath is written in terms of, defaults to "v1".'),
    fieldPath: str('Path of the field to select in the specified API version.'),
  }, { required: ['fieldPath'], atomic: true }),
  ResourceFieldSelector: obj('ResourceFieldSelector represents container resources (cpu, memory) and their output format', {
    containerName: str('Container name: required for volumes, optional for env vars'),
    divisor: ref('resource.Quantity', 'Specifies the output format of the exposed resources, defaults to "1"'),
    resource: str('Required: resource to select'),
  }, { required: ['resource'], atomic: true }),
  EnvFromSource: obj('EnvFromSource represents the source of a set of ConfigMaps or Secrets', {
    configMapRef: ref('core.ConfigMapEnvSource', 'The ConfigMap to select from'),
    prefix: str('Optional text to prepend to the name of each environment variable. Must be a C_IDENTIFIER.'),
    secretRef: ref('core.SecretEnvSource', 'The Secret to select from'),
  }),
  ConfigMapEnvSource: obj('ConfigMapEnvSource selects a ConfigMap to populate the environment variables with.\n\nThe contents of the target ConfigMap\'s Data field will represent the key-value pairs as environment variables.', {
    name: str(NAME_REF_DESC),
    optional: bool('Specify whether the ConfigMap must be defined'),
  }),
  SecretEnvSource: obj('SecretEnvSource selects a Secret to populate the environment variables with.\n\nThe contents of the target Secret\'s Data field will represent the key-value pairs as environment variables.', {
    name: str(NAME_REF_DESC),
    optional: bool('Specify whether the Secret must be defined'),
  }),
  ResourceRequirements: obj('ResourceRequirements describes the compute resource requirements.', {
    claims: arr(ref('core.ResourceClaim'), 'Claims lists the names of resources, defined in spec.resourceClaims, that are used by this container.\n\nThis is an alpha field and requires enabling the DynamicResourceAllocation feature gate.\n\nThis field is immutable. It can only be set for containers.', { list: 'map', keys: ['name'] }),
    limits: quantityMap('Limits describes the maximum amount of compute resources allowed. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'),
    requests: quantityMap('Requests describes the minimum amount of compute resources required. If Requests is omitted for a container, it defaults to Limits if that is explicitly specified, otherwise to an implementation-defined value. Requests cannot exceed Limits. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'),
  }),
  ResourceClaim: obj('ResourceClaim references one entry in PodSpec.ResourceClaims.', {
    name: str('Name must match the name of one entry in pod.spec.resourceClaims of the Pod where this field is used. It makes that resource available inside a container.'),
    request: str('Request is the name chosen for a request in the referenced claim. If empty, everything from the claim is made available, otherwise only the result of this request.'),
  }, { required: ['name'] }),
  ContainerResizePolicy: obj('ContainerResizePolicy represents resource resize policy for the container.', {
    resourceName: str('Name of the resource to which this resource resize policy applies. Supported values: cpu, memory.'),
    restartPolicy: str('Restart policy to apply when specified resource is resized. If not specified, it defaults to NotRequired.'),
  }, { required: ['resourceName', 'restartPolicy'] }),
  VolumeMount: obj('VolumeMount describes a mounting of a Volume within a container.', {
    mountPath: str('Path within the container at which the volume should be mounted.  Must not contain \':\'.'),
    mountPropagation: str('mountPropagation determines how mounts are propagated from the host to container and the other way around. When not set, MountPropagationNone is used. This field is beta in 1.10. When RecursiveReadOnly is set to IfPossible or to Enabled, MountPropagation must be None or unspecified (which defaults to None).', ['Bidirectional', 'HostToContainer', 'None']),
    name: str('This must match the Name of a Volume.'),
    readOnly: bool('Mounted read-only if true, read-write otherwise (false or unspecified). Defaults to false.'),
    recursiveReadOnly: str('RecursiveReadOnly specifies whether read-only mounts should be handled recursively. If ReadOnly is false, this field has no meaning and must be unspecified. If this field is not specified, it is treated as an equivalent of Disabled.'),
    subPath: str('Path within the volume from which the container\'s volume should be mounted. Defaults to "" (volume\'s root).'),
    subPathExpr: str('Expanded path within the volume from which the container\'s volume should be mounted. Behaves similarly to SubPath but environment variable references $(VAR_NAME) are expanded using the container\'s environment. Defaults to "" (volume\'s root). SubPathExpr and SubPath are mutually exclusive.'),
  }, { required: ['name', 'mountPath'] }),
  VolumeDevice: obj('volumeDevice describes a mapping of a raw block device within a container.', {
    devicePath: str('devicePath is the path inside of the container that the device will be mapped to.'),
    name: str('name must match the name of a persistentVolumeClaim in the pod'),
  }, { required: ['name', 'devicePath'] }),
  Lifecycle: obj('Lifecycle describes actions that the management system should take in response to container lifecycle events. For the PostStart and PreStop lifecycle handlers, management of the container blocks until the action is complete, unless the container process fails, in which case the handler is aborted.', {
    postStart: ref('core.LifecycleHandler', 'PostStart is called immediately after a container is created. If the handler fails, the container is terminated and restarted according to its restart policy. Other management of the container blocks until the hook completes. More info: https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#container-hooks'),
    preStop: ref('core.LifecycleHandler', 'PreStop is called immediately before a container is terminated due to an API request or management event such as liveness/startup probe failure, preemption, resource contention, etc. The handler is not called if the container crashes or exits. The Pod\'s termination grace period countdown begins before the PreStop hook is executed. More info: https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#container-hooks'),
  }),
  LifecycleHandler: obj('LifecycleHandler defines a specific action that should be taken in a lifecycle hook. One and only one of the fields, except TCPSocket must be specified.', {
    ...handlerFields(),
    sleep: ref('core.SleepAction', 'Sleep represents a duration that the container should sleep.'),
    tcpSocket: ref('core.TCPSocketAction', 'Deprecated. TCPSocket is NOT supported as a LifecycleHandler and kept for backward compatibility. There is no validation of this field and lifecycle hooks will fail at runtime when it is specified.'),
  }),
  Probe: obj('Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.', {
    ...handlerFields(),
    failureThreshold: int32('Minimum consecutive failures for the probe to be considered failed after having succeeded. Defaults to 3. Minimum value is 1.'),
    grpc: ref('core.GRPCAction', 'GRPC specifies a GRPC HealthCheckRequest.'),
    initialDelaySeconds: int32('Number of seconds after the container has started before liveness probes are initiated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes'),
    periodSeconds: int32('How often (in seconds) to perform the probe. Default to 10 seconds. Minimum value is 1.'),
    successThreshold: int32('Minimum consecutive successes for the probe to be considered successful after having failed. Defaults to 1. Must be 1 for liveness and startup. Minimum value is 1.'),
    terminationGracePeriodSeconds: int64('Optional duration in seconds the pod needs to terminate gracefully upon probe failure. If this value is nil, the pod\'s terminationGracePeriodSeconds will be used. Otherwise, this value overrides the value provided by the pod spec.'),
    timeoutSeconds: int32('Number of seconds after which the probe times out. Defaults to 1 second. Minimum value is 1. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes'),
  }),
  ExecAction: obj('ExecAction describes a "run in container" action.', {
    command: strArr('Command is the command line to execute inside the container, the working directory for the command  is root (\'/\') in the container\'s filesystem. The command is simply exec\'d, it is not run inside a shell, so traditional shell instructions (\'|\', etc) won\'t work. To use a shell, you need to explicitly call out to that shell. Exit status of 0 is treated as live/healthy and non-zero is unhealthy.'),
  }),
  HTTPGetAction: obj('HTTPGetAction describes an action based on HTTP Get requests.', {
    host: str('Host name to connect to, defaults to the pod IP. You probably want to set "Host" in httpHeaders instead.'),
    httpHeaders: arr(ref('core.HTTPHeader'), 'Custom headers to set in the request. HTTP allows repeated headers.'),
    path: str('Path to access on the HTTP server.'),
    port: intOrString('Name or number of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME.'),
    scheme: str('Scheme to use for connecting to the host. Defaults to HTTP.', ['HTTP', 'HTTPS']),
  }, { required: ['port'] }),
  HTTPHeader: obj('HTTPHeader describes a custom header to be used in HTTP probes', {
    name: str('The header field name. This will be canonicalized upon output, so case-variant names will be understood as the same header.'),
    value: str('The header field value'),
  }, { required: ['name', 'value'] }),
  TCPSocketAction: obj('TCPSocketAction describes an action based on opening a socket', {
    host: str('Optional: Host name to connect to, defaults to the pod IP.'),
    port: intOrString('Number or name of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME.'),
  }, { required: ['port'] }),
  GRPCAction: obj('GRPCAction specifies an action involving a GRPC service.', {
    port: int32('Port number of the gRPC service. Number must be in the range 1 to 65535.'),
    service: str('Service is the name of the service to place in the gRPC HealthCheckRequest (see https://github.com/grpc/grpc/blob/master/doc/health-checking.md).\n\nIf this is not specified, the default behavior is defined by gRPC.'),
  }, { required: ['port'] }),
  SleepAction: obj('SleepAction describes a "sleep" action.', {
    seconds: int64('Seconds is the number of seconds to sleep.'),
  }, { required: ['seconds'] }),
  SecurityContext: obj('SecurityContext holds security configuration that will be applied to a container. Some fields are present in both SecurityContext and PodSecurityContext.  When both are set, the values in SecurityContext take precedence.', {
    allowPrivilegeEscalation: bool('AllowPrivilegeEscalation controls whether a process can gain more privileges than its parent process. This bool directly controls if the no_new_privs flag will be set on the container process. AllowPrivilegeEscalation is true always when the container is: 1) run as Privileged 2) has CAP_SYS_ADMIN. Note that this field cannot be set when spec.os.name is windows.'),
    appArmorProfile: ref('core.AppArmorProfile', 'appArmorProfile is the AppArmor options to use by this container. If set, this profile overrides the pod\'s appArmorProfile. Note that this field cannot be set when spec.os.name is windows.'),
    capabilities: ref('core.Capabilities', 'The capabilities to add/drop when running containers. Defaults to the default set of capabilities granted by the container runtime. Note that this field cannot be set when spec.os.name is windows.'),
    privileged: bool('Run container in privileged mode. Processes in privileged containers are essentially equivalent to root on the host. Defaults to false. Note that this field cannot be set when spec.os.name is windows.'),
    procMount: str('procMount denotes the type of proc mount to use for the containers. The default value is Default which uses the container runtime defaults for readonly paths and masked paths. This requires the ProcMountType feature flag to be enabled. Note that this field cannot be set when spec.os.name is windows.', ['Default', 'Unmasked']),
    readOnlyRootFilesystem: bool('Whether this container has a read-only root filesystem. Default is false. Note that this field cannot be set when spec.os.name is windows.'),
    runAsGroup: int64('The GID to run the entrypoint of the container process. Uses runtime default if unset. May also be set in PodSecurityContext.  If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence. Note that this field cannot be set when spec.os.name is windows.'),
    runAsNonRoot: bool('Indicates that the container must run as a non-root user. If true, the Kubelet will validate the image at runtime to ensure that it does not run as UID 0 (root) and fail to start the container if it does. If unset or false, no such validation will be performed.'),
    runAsUser: int64('The UID to run the entrypoint of the container process. Defaults to user specified in image metadata if unspecified. May also be set in PodSecurityContext.  If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence. Note that this field cannot be set when spec.os.name is windows.'),
    seLinuxOptions: ref('core.SELinuxOptions', 'The SELinux context to be applied to the container. If unspecified, the container runtime will allocate a random SELinux context for each container. Note that this field cannot be set when spec.os.name is windows.'),
    seccompProfile: ref('core.SeccompProfile', 'The seccomp options to use by this container. If seccomp options are provided at both the pod & container level, the container options override the pod options. Note that this field cannot be set when spec.os.name is windows.'),
    windowsOptions: ref('core.WindowsSecurityContextOptions', 'The Windows specific settings applied to all containers. If unspecified, the options from the PodSecurityContext will be used. Note that this field cannot be set when spec.os.name is linux.'),
  }),
  Capabilities: obj('Adds and removes POSIX capabilities from running containers.', {
    add: strArr('Added capabilities'),
    drop: strArr('Removed capabilities'),
  }),
  SELinuxOptions: obj('SELinuxOptions are the labels to be applied to the container', {
    level: str('Level is SELinux level label that applies to the container.'),
    role: str('Role is a SELinux role label that applies to the container.'),
    type: str('Type is a SELinux type label that applies to the container.'),
    user: str('User is a SELinux user label that applies to the container.'),
  }),
  SeccompProfile: obj('SeccompProfile defines a pod/container\'s seccomp profile settings. Only one profile source may be set.', {
    localhostProfile: str('localhostProfile indicates a profile defined in a file on the node should be used. The profile must be preconfigured on the node to work. Must be a descending path, relative to the kubelet\'s configured seccomp profile location. Must be set if type is "Localhost". Must NOT be set for any other type.'),
    type: str('type indicates which kind of seccomp profile will be applied. Valid options are:\n\nLocalhost - a profile defined in a file on the node should be used. RuntimeDefault - the container runtime default profile should be used. Unconfined - no profile should be applied.', ['Localhost', 'RuntimeDefault', 'Unconfined']),
  }, { required: ['type'] }),
  AppArmorProfile: obj('AppArmorProfile defines a pod or container\'s AppArmor settings.', {
    localhostProfile: str('localhostProfile indicates a profile loaded on the node that should be used. The profile must be preconfigured on the node to work. Must match the loaded name of the profile. Must be set if and only if type is "Localhost".'),
    type: str('type indicates which kind of AppArmor profile will be applied. Valid options are:\n  Localhost - a profile pre-loaded on the node.\n  RuntimeDefault - the container runtime\'s default profile.\n  Unconfined - no AppArmor enforcement.', ['Localhost', 'RuntimeDefault', 'Unconfined']),
  }, { required: ['type'] }),
  WindowsSecurityContextOptions: obj('WindowsSecurityContextOptions contain Windows-specific options and credentials.', {
    gmsaCredentialSpec: str('GMSACredentialSpec is where the GMSA admission webhook inlines the contents of the GMSA credential spec named by the GMSACredentialSpecName field.'),
    gmsaCredentialSpecName: str('GMSACredentialSpecName is the name of the GMSA credential spec to use.'),
    hostProcess: bool('HostProcess determines if a container should be run as a \'Host Process\' container. All of a Pod\'s containers must have the same effective HostProcess value.'),
    runAsUserName: str('The UserName in Windows to run the entrypoint of the container process. Defaults to the user specified in image metadata if unspecified.'),
  }),
});
