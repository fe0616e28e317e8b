// core/v1 Volume and the volume sources a lab node can actually provide: emptyDir,
// configMap, secret, hostPath, downwardAPI, persistentVolumeClaim, projected, nfs, csi.
// Cloud and legacy in-tree sources (awsElasticBlockStore, rbd, …) are left out on purpose.
import { arr, bool, defs, int32, int64, obj, ref, str, strMap } from './schema-builder.js';

const MODE_BITS =
  'Must be an octal value between 0000 and 0777 or a decimal value between 0 and 511. YAML accepts both octal and decimal values, JSON requires decimal values for mode bits. This might be in conflict with other options that affect the file mode, like fsGroup, and the result can be other mode bits set.';
const NAME_REF = 'Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names';
const keyItems = (what: string) =>
  arr(ref('core.KeyToPath'), `items if unspecified, each key-value pair in the Data field of the referenced ${what} will be projected into the volume as a file whose name is the key and content is the value. If specified, the listed keys will be projected into the specified paths, and unlisted keys will not be present. Paths must be relative and may not contain the '..' path or start with '..'.`);

export const CORE_VOLUME_DEFINITIONS = defs('core', {
  Volume: obj('Volume represents a named volume in a pod that may be accessed by any container in the pod.', {
    configMap: ref('core.ConfigMapVolumeSource', 'configMap represents a configMap that should populate this volume'),
    csi: ref('core.CSIVolumeSource', 'csi (Container Storage Interface) represents ephemeral storage that is handled by certain external CSI drivers.'),
    downwardAPI: ref('core.DownwardAPIVolumeSource', 'downwardAPI represents downward API about the pod that should populate this volume'),
    emptyDir: ref('core.EmptyDirVolumeSource', 'emptyDir represents a temporary directory that shares a pod\'s lifetime. More info: https://kubernetes.io/docs/concepts/storage/volumes#emptydir'),
    hostPath: ref('core.HostPathVolumeSource', 'hostPath represents a pre-existing file or directory on the host machine that is directly exposed to the container. This is generally used for system agents or other privileged things that are allowed to see the host machine. Most containers will NOT need this. More info: https://kubernetes.io/docs/concepts/storage/volumes#hostpath'),
    name: str('name of the volume. Must be a DNS_LABEL and unique within the pod. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names'),
    nfs: ref('core.NFSVolumeSource', 'nfs represents an NFS mount on the host that shares a pod\'s lifetime More info: https://kubernetes.io/docs/concepts/storage/volumes#nfs'),
    persistentVolumeClaim: ref('core.PersistentVolumeClaimVolumeSource', 'persistentVolumeClaimVolumeSource represents a reference to a PersistentVolumeClaim in the same namespace. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistentvolumeclaims'),
    projected: ref('core.ProjectedVolumeSource', 'projected items for all in one resources secrets, configmaps, and downward API'),
    secret: ref('core.SecretVolumeSource', 'secret represents a secret that should populate this volume. More info: https://kubernetes.io/docs/concepts/storage/volumes#secret'),
  }, { required: ['name'] }),
  EmptyDirVolumeSource: obj('Represents an empty directory for a pod. Empty directory volumes support ownership management and SELinux relabeling.', {
    medium: str('medium represents what type of storage medium should back this directory. The default is "" which means to use the node\'s default medium. Must be an empty string (default) or Memory. More info: https://kubernetes.io/docs/concepts/storage/volumes#emptydir'),
    sizeLimit: ref('resource.Quantity', 'sizeLimit is the total amount of local storage required for this EmptyDir volume. The size limit is also applicable for memory medium. The default is nil which means that the limit is undefined. More info: https://kubernetes.io/docs/concepts/storage/volumes#emptydir'),
  }),
  ConfigMapVolumeSource: obj('Adapts a ConfigMap into a volume.\n\nThe contents of the target ConfigMap\'s Data field will be presented in a volume as files using the keys in the Data field as the file names, unless the items element is populated with specific mappings of keys to paths. ConfigMap volumes support ownership management and SELinux relabeling.', {
    defaultMode: int32(`defaultMode is optional: mode bits used to set permissions on created files by default. ${MODE_BITS} Defaults to 0644.`),
    items: keyItems('ConfigMap'),
    name: str(NAME_REF),
    optional: bool('optional specify whether the ConfigMap or its keys must be defined'),
  }),
  SecretVolumeSource: obj('Adapts a Secret into a volume.\n\nThe contents of the target Secret\'s Data field will be presented in a volume as files using the keys in the Data field as the file names. Secret volumes support ownership management and SELinux relabeling.', {
    defaultMode: int32(`defaultMode is Optional: mode bits used to set permissions on created files by default. ${MODE_BITS} Defaults to 0644.`),
    items: keyItems('Secret'),
    optional: bool('optional field specify whether the Secret or its keys must be defined'),
    secretName: str('secretName is the name of the secret in the pod\'s namespace to use. More info: https://kubernetes.io/docs/concepts/storage/volumes#secret'),
  }),
  KeyToPath: obj('Maps a string key to a path within a volume.', {
    key: str('key is the key to project.'),
    mode: int32(`mode is Optional: mode bits used to set permissions on this file. ${MODE_BITS} If not specified, the volume defaultMode will be used.`),
    path: str('path is the relative path of the file to map the key to. May not be an absolute path. May not contain the path element \'..\'. May not start with the string \'..\'.'),
  }, { required: ['key', 'path'] }),
  HostPathVolumeSource: obj('Represents a host path mapped into a pod. Host path volumes do not support ownership management or SELinux relabeling.', {
    path: str('path of the directory on the host. If the path is a symlink, it will follow the link to the real path. More info: https://kubernetes.io/docs/concepts/storage/volumes#hostpath'),
    type: str('type for HostPath Volume Defaults to "" More info: https://kubernetes.io/docs/concepts/storage/volumes#hostpath', ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket']),
  }, { required: ['path'] }),
  DownwardAPIVolumeSource: obj('DownwardAPIVolumeSource represents a volume containing downward API info. Downward API volumes support ownership management and SELinux relabeling.', {
    defaultMode: int32(`Optional: mode bits to use on created files by default. ${MODE_BITS} Defaults to 0644.`),
    items: arr(ref('core.DownwardAPIVolumeFile'), 'Items is a list of downward API volume file'),
  }),
  DownwardAPIVolumeFile: obj('DownwardAPIVolumeFile represents information to create the file containing the pod field', {
    fieldRef: ref('core.ObjectFieldSelector', 'Required: Selects a field of the pod: only annotations, labels, name, namespace and uid are supported.'),
    mode: int32(`Optional: mode bits used to set permissions on this file. ${MODE_BITS} If not specified, the volume defaultMode will be used.`),
    path: str('Required: Path is  the relative path name of the file to be created. Must not be absolute or contain the \'..\' path. Must be utf-8 encoded. The first item of the relative path must not start with \'..\''),
    resourceFieldRef: ref('core.ResourceFieldSelector', 'Selects a resource of the container: only resources limits and requests (limits.cpu, limits.memory, requests.cpu and requests.memory) are currently supported.'),
  }, { required: ['path'] }),
  PersistentVolumeClaimVolumeSource: obj('PersistentVolumeClaimVolumeSource references the user\'s PVC in the same namespace. This volume finds the bound PV and mounts that volume for the pod. A PersistentVolumeClaimVolumeSource is, essentially, a wrapper around another type of volume that is owned by someone else (the system).', {
    claimName: str('claimName is the name of a PersistentVolumeClaim in the same namespace as the pod using this volume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistentvolumeclaims'),
    readOnly: bool('readOnly Will force the ReadOnly setting in VolumeMounts. Default false.'),
  }, { required: ['claimName'] }),
  ProjectedVolumeSource: obj('Represents a projected volume source', {
    defaultMode: int32(`defaultMode are the mode bits used to set permissions on created files by default. ${MODE_BITS}`),
    sources: arr(ref('core.VolumeProjection'), 'sources is the list of volume projections. Each entry in this list handles one source.'),
  }),
  VolumeProjection: obj('Projection that may be projected along with other supported volume types. Exactly one of these fields must be set.', {
    clusterTrustBundle: ref('core.ClusterTrustBundleProjection', 'ClusterTrustBundle allows a pod to access the `.spec.trustBundle` field of ClusterTrustBundle objects in an auto-updating file.\n\nAlpha, gated by the ClusterTrustBundleProjection feature gate.'),
    configMap: ref('core.ConfigMapProjection', 'configMap information about the configMap data to project'),
    downwardAPI: ref('core.DownwardAPIProjection', 'downwardAPI information about the downwardAPI data to project'),
    secret: ref('core.SecretProjection', 'secret information about the secret data to project'),
    serviceAccountToken: ref('core.ServiceAccountTokenProjection', 'serviceAccountToken is information about the serviceAccountToken data to project'),
  }),
  ConfigMapProjection: obj('Adapts a ConfigMap into a projected volume.\n\nThe contents of the target ConfigMap\'s Data field will be presented in a projected volume as files using the keys in the Data field as the file names, unless the items element is populated with specific mappings of keys to paths.', {
    items: keyItems('ConfigMap'),
    name: str(NAME_REF),
    optional: bool('optional specify whether the ConfigMap or its keys must be defined'),
  }),
  SecretProjection: obj('Adapts a secret into a projected volume.\n\nThe contents of the target Secret\'s Data field will be presented in a projected volume as files using the keys in the Data field as the file names.', {
    items: keyItems('Secret'),
    name: str(NAME_REF),
    optional: bool('optional field specify whether the Secret or its key must be defined'),
  }),
  DownwardAPIProjection: obj('Represents downward API info for projecting into a projected volume. Note that this is identical to a downwardAPI volume source without the default mode.', {
    items: arr(ref('core.DownwardAPIVolumeFile'), 'Items is a list of DownwardAPIVolume file'),
  }),
  ServiceAccountTokenProjection: obj('ServiceAccountTokenProjection represents a projected service account token volume. This projection can be used to insert a service account token into the pods runtime filesystem for use against APIs (Kubernetes API Server or otherwise).', {
    audience: str('audience is the intended audience of the token. A recipient of a token must identify itself with an identifier specified in the audience of the token, and otherwise should reject the token. The audience defaults to the identifier of the apiserver.'),
    expirationSeconds: int64('expirationSeconds is the requested duration of validity of the service account token. As the token approaches expiration, the kubelet volume plugin will proactively rotate the service account token. Defaults to 1 hour and must be at least 10 minutes.'),
    path: str('path is the path relative to the mount point of the file to project the token into.'),
  }, { required: ['path'] }),
  ClusterTrustBundleProjection: obj('ClusterTrustBundleProjection describes how to select a set of ClusterTrustBundle objects and project their contents into the pod filesystem.', {
    labelSelector: ref('meta.LabelSelector', 'Select all ClusterTrustBundles that match this label selector.  Only has effect if signerName is set.  Mutually-exclusive with name.'),
    name: str('Select a single ClusterTrustBundle by object name.  Mutually-exclusive with signerName and labelSelector.'),
    optional: bool('If true, don\'t block pod startup if the referenced ClusterTrustBundle(s) aren\'t available.'),
    path: str('Relative path from the volume root to write the bundle.'),
    signerName: str('Select all ClusterTrustBundles that match this signer name. Mutually-exclusive with name.  The contents of all selected ClusterTrustBundles will be unified and deduplicated.'),
  }, { required: ['path'] }),
  NFSVolumeSource: obj('Represents an NFS mount that lasts the lifetime of a pod. NFS volumes do not support ownership management or SELinux relabeling.', {
    path: str('path that is exported by the NFS server. More info: https://kubernetes.io/docs/concepts/storage/volumes#nfs'),
    readOnly: bool('readOnly here will force the NFS export to be mounted with read-only permissions. Defaults to false. More info: https://kubernetes.io/docs/concepts/storage/volumes#nfs'),
    server: str('server is the hostname or IP address of the NFS server. More info: https://kubernetes.io/docs/concepts/storage/volumes#nfs'),
  }, { required: ['server', 'path'] }),
  CSIVolumeSource: obj('Represents a source location of a volume to mount, managed by an external CSI driver', {
    driver: str('driver is the name of the CSI driver that handles this volume. Consult with your admin for the correct name as registered in the cluster.'),
    fsType: str('fsType to mount. Ex. "ext4", "xfs", "ntfs". If not provided, the empty value is passed to the associated CSI driver which will determine the default filesystem to apply.'),
    nodePublishSecretRef: ref('core.LocalObjectReference', 'nodePublishSecretRef is a reference to the secret object containing sensitive information to pass to the CSI driver to complete the CSI NodePublishVolume and NodeUnpublishVolume calls.'),
    readOnly: bool('readOnly specifies a read-only configuration for the volume. Defaults to false (read/write).'),
    volumeAttributes: strMap('volumeAttributes stores driver-specific properties that are passed to the CSI driver. Consult your driver\'s documentation for supported values.'),
  }, { required: ['driver'] }),
});
