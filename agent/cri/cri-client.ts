// A CRI v1 client over containerd's unix socket — what the kubelet's remote runtime
// service does (k8s.io/kubernetes pkg/kubelet/cri/remote): one gRPC channel, one
// method per RuntimeService/ImageService RPC, a deadline on every call (the kubelet
// uses 2 min by default and no limit for pulls; we bound pulls at 2 min too, so a
// stuck registry surfaces as ErrImagePull instead of hanging a pod worker).
import { Client, credentials, status } from '@grpc/grpc-js';
import type { MethodDefinition, ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import type { PackageDefinition } from '@grpc/proto-loader';
import { agentAssetPath } from '../assets.js';
import type { CriObserver } from './cri-trace.js';
import type {
  AttachRequest, AttachResponse, ContainerStatsRequest, ContainerStatsResponse, ContainerStatusRequest,
  ContainerStatusResponse, CreateContainerRequest, CreateContainerResponse, CriInput, ExecRequest, ExecResponse,
  ExecSyncRequest, ExecSyncResponse, ImageFsInfoRequest, ImageFsInfoResponse, ImageStatusRequest, ImageStatusResponse,
  ListContainerStatsRequest, ListContainerStatsResponse, ListContainersRequest, ListContainersResponse,
  ListImagesRequest, ListImagesResponse, ListPodSandboxRequest, ListPodSandboxResponse, ListPodSandboxStatsRequest,
  ListPodSandboxStatsResponse, PodSandboxStatsRequest, PodSandboxStatsResponse, PodSandboxStatusRequest,
  PodSandboxStatusResponse, PortForwardRequest, PortForwardResponse, PullImageRequest, PullImageResponse,
  RemoveContainerRequest, RemoveContainerResponse, RemoveImageRequest, RemoveImageResponse, RemovePodSandboxRequest,
  RemovePodSandboxResponse, ReopenContainerLogRequest, ReopenContainerLogResponse, RunPodSandboxRequest,
  RunPodSandboxResponse, StartContainerRequest, StartContainerResponse, StatusRequest, StatusResponse,
  StopContainerRequest, StopContainerResponse, StopPodSandboxRequest, StopPodSandboxResponse,
  UpdateContainerResourcesRequest, UpdateContainerResourcesResponse, UpdateRuntimeConfigRequest,
  UpdateRuntimeConfigResponse, VersionRequest, VersionResponse,
} from './types.js';

/** gRPC status codes, so callers can test CriError.code without importing grpc-js. */
export { status as CriCode } from '@grpc/grpc-js';

export interface CriClientOptions {
  /** deadline of every call but pullImage; default 30 s */
  timeoutMs?: number;
  /** deadline of pullImage; default 2 min */
  pullTimeoutMs?: number;
  /** told of each call and its end (the agent's CRI trace, see cri-trace.ts) */
  observer?: CriObserver;
}

/** Per-call override of the client's deadline. */
export interface CriCallOptions {
  timeoutMs?: number;
}

/** A failed CRI call: the gRPC status code and the runtime's own message. */
export class CriError extends Error {
  override readonly name = 'CriError';
  constructor(
    readonly method: string,
    readonly code: status,
    readonly details: string,
  ) {
    super(`CRI ${method}: ${details} (${status[code] ?? code})`);
  }

  /** e.g. 'NOT_FOUND', 'UNAVAILABLE', 'DEADLINE_EXCEEDED' */
  get codeName(): string {
    return status[this.code] ?? String(this.code);
  }
}

type Service = 'RuntimeService' | 'ImageService';

let loaded: PackageDefinition | undefined;

function definition(): PackageDefinition {
  loaded ??= loadSync(agentAssetPath('cri/api.proto'), {
    keepCase: false,
    longs: Number,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  return loaded;
}

function method<Req, Res>(service: Service, rpc: string): MethodDefinition<Req, Res> {
  const found = definition()[`runtime.v1.${service}`];
  if (!found || 'format' in found) throw new CriError(rpc, status.INTERNAL, `proto has no service runtime.v1.${service}`);
  const def = found[rpc];
  if (!def) throw new CriError(rpc, status.INTERNAL, `proto has no method runtime.v1.${service}/${rpc}`);
  return def as unknown as MethodDefinition<Req, Res>;
}

const CHANNEL_OPTIONS = {
  // The kubelet raises gRPC's 4 MiB receive limit to 16 MiB (maxMsgSize in
  // pkg/kubelet/cri/remote/utils.go): ListContainers on a busy node is large.
  'grpc.max_receive_message_length': 16 * 1024 * 1024,
  'grpc.max_send_message_length': 16 * 1024 * 1024,
};

export class CriClient {
  private readonly client: Client;
  private readonly timeoutMs: number;
  private readonly pullTimeoutMs: number;
  private readonly observer?: CriObserver;

  constructor(
    readonly socketPath: string,
    options: CriClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.pullTimeoutMs = options.pullTimeoutMs ?? 120_000;
    this.observer = options.observer;
    this.client = new Client(`unix://${socketPath}`, credentials.createInsecure(), CHANNEL_OPTIONS);
  }

  close(): void {
    this.client.close();
  }

  private call<Req, Res>(service: Service, rpc: string, req: CriInput<Req>, timeoutMs: number): Promise<Res> {
    const done = this.observer?.start(rpc, req);
    return new Promise<Res>((resolve, reject) => {
      try {
        const def = method<CriInput<Req>, Res>(service, rpc);
        this.client.makeUnaryRequest(def.path, def.requestSerialize, def.responseDeserialize, req,
          { deadline: Date.now() + timeoutMs }, (error: ServiceError | null, res?: Res) => {
            const failed = error ? new CriError(rpc, error.code, error.details || error.message) : res === undefined ? new CriError(rpc, status.INTERNAL, 'empty response') : undefined;
            done?.(res, failed);
            if (failed) reject(failed);
            else resolve(res as Res);
          });
      } catch (error) {
        // A request that cannot be serialized, or a client already closed.
        reject(error instanceof CriError ? error : new CriError(rpc, status.INTERNAL, (error as Error).message));
      }
    });
  }

  private runtime<Req, Res>(rpc: string, req: CriInput<Req>, opts?: CriCallOptions): Promise<Res> {
    return this.call<Req, Res>('RuntimeService', rpc, req, opts?.timeoutMs ?? this.timeoutMs);
  }

  private image<Req, Res>(rpc: string, req: CriInput<Req>, opts?: CriCallOptions): Promise<Res> {
    return this.call<Req, Res>('ImageService', rpc, req, opts?.timeoutMs ?? this.timeoutMs);
  }

  // ---- RuntimeService ----
  version(req: CriInput<VersionRequest> = {}, opts?: CriCallOptions): Promise<VersionResponse> {
    return this.runtime('Version', req, opts);
  }
  runPodSandbox(req: CriInput<RunPodSandboxRequest>, opts?: CriCallOptions): Promise<RunPodSandboxResponse> {
    return this.runtime('RunPodSandbox', req, opts);
  }
  stopPodSandbox(req: CriInput<StopPodSandboxRequest>, opts?: CriCallOptions): Promise<StopPodSandboxResponse> {
    return this.runtime('StopPodSandbox', req, opts);
  }
  removePodSandbox(req: CriInput<RemovePodSandboxRequest>, opts?: CriCallOptions): Promise<RemovePodSandboxResponse> {
    return this.runtime('RemovePodSandbox', req, opts);
  }
  podSandboxStatus(req: CriInput<PodSandboxStatusRequest>, opts?: CriCallOptions): Promise<PodSandboxStatusResponse> {
    return this.runtime('PodSandboxStatus', req, opts);
  }
  listPodSandbox(req: CriInput<ListPodSandboxRequest> = {}, opts?: CriCallOptions): Promise<ListPodSandboxResponse> {
    return this.runtime('ListPodSandbox', req, opts);
  }
  createContainer(req: CriInput<CreateContainerRequest>, opts?: CriCallOptions): Promise<CreateContainerResponse> {
    return this.runtime('CreateContainer', req, opts);
  }
  startContainer(req: CriInput<StartContainerRequest>, opts?: CriCallOptions): Promise<StartContainerResponse> {
    return this.runtime('StartContainer', req, opts);
  }
  stopContainer(req: CriInput<StopContainerRequest>, opts?: CriCallOptions): Promise<StopContainerResponse> {
    return this.runtime('StopContainer', req, opts);
  }
  removeContainer(req: CriInput<RemoveContainerRequest>, opts?: CriCallOptions): Promise<RemoveContainerResponse> {
    return this.runtime('RemoveContainer', req, opts);
  }
  listContainers(req: CriInput<ListContainersRequest> = {}, opts?: CriCallOptions): Promise<ListContainersResponse> {
    return this.runtime('ListContainers', req, opts);
  }
  containerStatus(req: CriInput<ContainerStatusRequest>, opts?: CriCallOptions): Promise<ContainerStatusResponse> {
    return this.runtime('ContainerStatus', req, opts);
  }
  updateContainerResources(
    req: CriInput<UpdateContainerResourcesRequest>, opts?: CriCallOptions,
  ): Promise<UpdateContainerResourcesResponse> {
    return this.runtime('UpdateContainerResources', req, opts);
  }
  reopenContainerLog(req: CriInput<ReopenContainerLogRequest>, opts?: CriCallOptions): Promise<ReopenContainerLogResponse> {
    return this.runtime('ReopenContainerLog', req, opts);
  }
  /** ExecSync's own `timeout` (seconds) bounds the command; the call deadline is extended to cover it. */
  execSync(req: CriInput<ExecSyncRequest>, opts?: CriCallOptions): Promise<ExecSyncResponse> {
    const commandMs = (req.timeout ?? 0) * 1000;
    return this.runtime('ExecSync', req, { timeoutMs: opts?.timeoutMs ?? this.timeoutMs + commandMs });
  }
  exec(req: CriInput<ExecRequest>, opts?: CriCallOptions): Promise<ExecResponse> {
    return this.runtime('Exec', req, opts);
  }
  attach(req: CriInput<AttachRequest>, opts?: CriCallOptions): Promise<AttachResponse> {
    return this.runtime('Attach', req, opts);
  }
  portForward(req: CriInput<PortForwardRequest>, opts?: CriCallOptions): Promise<PortForwardResponse> {
    return this.runtime('PortForward', req, opts);
  }
  containerStats(req: CriInput<ContainerStatsRequest>, opts?: CriCallOptions): Promise<ContainerStatsResponse> {
    return this.runtime('ContainerStats', req, opts);
  }
  listContainerStats(
    req: CriInput<ListContainerStatsRequest> = {}, opts?: CriCallOptions,
  ): Promise<ListContainerStatsResponse> {
    return this.runtime('ListContainerStats', req, opts);
  }
  podSandboxStats(req: CriInput<PodSandboxStatsRequest>, opts?: CriCallOptions): Promise<PodSandboxStatsResponse> {
    return this.runtime('PodSandboxStats', req, opts);
  }
  listPodSandboxStats(
    req: CriInput<ListPodSandboxStatsRequest> = {}, opts?: CriCallOptions,
  ): Promise<ListPodSandboxStatsResponse> {
    return this.runtime('ListPodSandboxStats', req, opts);
  }
  updateRuntimeConfig(
    req: CriInput<UpdateRuntimeConfigRequest>, opts?: CriCallOptions,
  ): Promise<UpdateRuntimeConfigResponse> {
    return this.runtime('UpdateRuntimeConfig', req, opts);
  }
  status(req: CriInput<StatusRequest> = {}, opts?: CriCallOptions): Promise<StatusResponse> {
    return this.runtime('Status', req, opts);
  }

  // ---- ImageService ----
  listImages(req: CriInput<ListImagesRequest> = {}, opts?: CriCallOptions): Promise<ListImagesResponse> {
    return this.image('ListImages', req, opts);
  }
  imageStatus(req: CriInput<ImageStatusRequest>, opts?: CriCallOptions): Promise<ImageStatusResponse> {
    return this.image('ImageStatus', req, opts);
  }
  pullImage(req: CriInput<PullImageRequest>, opts?: CriCallOptions): Promise<PullImageResponse> {
    return this.image('PullImage', req, { timeoutMs: opts?.timeoutMs ?? this.pullTimeoutMs });
  }
  removeImage(req: CriInput<RemoveImageRequest>, opts?: CriCallOptions): Promise<RemoveImageResponse> {
    return this.image('RemoveImage', req, opts);
  }
  imageFsInfo(req: CriInput<ImageFsInfoRequest> = {}, opts?: CriCallOptions): Promise<ImageFsInfoResponse> {
    return this.image('ImageFsInfo', req, opts);
  }
}

/**
 * A client for the CRI socket at socketPath (an absolute path, e.g.
 * /run/containerd/containerd.sock). The channel connects lazily; a call made
 * while nothing listens fails at once with UNAVAILABLE (no wait-for-ready), which
 * is what a readiness probe wants.
 */
export function connectCri(socketPath: string, options?: CriClientOptions): CriClient {
  return new CriClient(socketPath, options);
}
