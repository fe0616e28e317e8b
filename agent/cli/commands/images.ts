// Image commands (cri-tools cmd/crictl/image.go): images, pull, rmi, inspecti.
import type { CriClient } from '../../cri/cri-client.js';
import type { Image, ListImagesResponse } from '../../cri/types.js';
import { loadPodSandboxConfig } from '../config-files.js';
import { CrictlError, wrapError } from '../errors.js';
import { parseLabels } from '../format/common.js';
import { filterImages, formatImages, sortImages } from '../format/images.js';
import { goYaml, indentJson, protoJson } from '../format/proto-json.js';
import { imageStatusJson, imageStatusTable, outputStatusData } from '../format/status.js';
import type { StatusData } from '../format/status.js';
import type { Command } from './command.js';
import { aggregate, noTruncFlag, outputFlag, pullTimeoutMs, quietFlag, templateFlag, verboseFlag } from './command.js';
import { authConfig } from './containers.js';

const filterFlag = {
  name: 'filter',
  aliases: ['f'],
  type: 'strings',
  usage: 'Filter output based on provided conditions. Available filters: dangling=(boolean - true or false), reference=/regular expression/, before=<image-name>[:<tag>]|<image id>|<image@digest>, since=<image-name>[:<tag>]|<image id>|<image@digest>',
} as const;

/** ListImages: the name filter goes to the runtime, then sorted, then --filter */
async function listImages(img: CriClient, name: string, filters: readonly string[]): Promise<Image[]> {
  const { images } = await img.listImages({ filter: { image: { image: name } } });
  const sorted = sortImages(images);
  return filters.length && sorted.length ? filterImages(sorted, filters) : sorted;
}

export const imagesCommand: Command = {
  name: 'images',
  aliases: ['image', 'img'],
  usage: 'List images',
  argsUsage: '[REPOSITORY[:TAG]]',
  flags: [
    verboseFlag('Show verbose info for images'),
    quietFlag('Only show image IDs'),
    filterFlag,
    outputFlag('json|yaml|table'),
    { name: 'digests', type: 'bool', usage: 'Show digests' },
    noTruncFlag,
    { name: 'pinned', type: 'bool', usage: 'Show whether the image is pinned or not' },
  ],
  async run(ctx, f) {
    if (f.args.length > 1) throw new CrictlError('images takes at most one argument: [REPOSITORY[:TAG]]');
    const img = await ctx.image();
    let images: Image[];
    try {
      images = await listImages(img, f.args[0] ?? '', f.strings('filter'));
    } catch (e) {
      throw wrapError('listing images', e);
    }
    const output = f.string('output');
    if (output === 'json' || output === 'yaml') {
      const json = protoJson(ctx.schema(), 'runtime.v1.ListImagesResponse', { images } satisfies ListImagesResponse);
      ctx.out(output === 'json' ? `${indentJson(json)}\n` : `${goYaml(json)}\n`);
      return;
    }
    ctx.out(formatImages(images, { quiet: f.bool('quiet'), verbose: f.bool('verbose'), digests: f.bool('digests'), noTrunc: f.bool('no-trunc'), pinned: f.bool('pinned') }));
  },
};

export const pullCommand: Command = {
  name: 'pull',
  usage: 'Pull an image from a registry',
  argsUsage: 'NAME[:TAG|@DIGEST]',
  flags: [
    { name: 'creds', type: 'string', usage: 'Use `USERNAME[:PASSWORD]` for accessing the registry [$CRICTL_CREDS]' },
    { name: 'auth', type: 'string', usage: "Use `AUTH_STRING` for accessing the registry. AUTH_STRING is a base64 encoded 'USERNAME[:PASSWORD]' [$CRICTL_AUTH]" },
    { name: 'pod-config', type: 'string', usage: 'Use `pod-config.[json|yaml]` to override the pull c' },
    { name: 'annotation', aliases: ['a'], type: 'strings', usage: 'Annotation to be set on the pulled image' },
    { name: 'pull-timeout', aliases: ['pt'], type: 'duration', usage: 'Maximum time to be used for pulling the image, disabled if set to 0s [$CRICTL_PULL_TIMEOUT]' },
  ],
  async run(ctx, f) {
    const image = f.args[0] ?? '';
    if (!image) throw new CrictlError('image name cannot be empty');
    if (f.args.length > 1) throw new CrictlError('pull takes one image name');
    const img = await ctx.image();
    const auth = authConfig(f.string('creds') || (ctx.io.env.CRICTL_CREDS ?? ''), f.string('auth') || (ctx.io.env.CRICTL_AUTH ?? ''));
    const sandboxConfig = f.string('pod-config') ? loadPodSandboxConfig(ctx.schema(), f.string('pod-config')) : undefined;
    const annotations = parseLabels(f.strings('annotation'));
    try {
      const { imageRef } = await img.pullImage({ image: { image, annotations }, auth, sandboxConfig }, { timeoutMs: pullTimeoutMs(ctx, f) });
      ctx.out(`Image is up to date for ${imageRef}\n`);
    } catch (e) {
      throw wrapError('pulling image', e);
    }
  },
};

export const rmiCommand: Command = {
  name: 'rmi',
  usage: 'Remove one or more images',
  argsUsage: 'IMAGE-ID [IMAGE-ID...]',
  flags: [
    { name: 'all', aliases: ['a'], type: 'bool', usage: 'Remove all images' },
    { name: 'prune', aliases: ['q'], type: 'bool', usage: 'Remove all unused images' },
  ],
  async run(ctx, f) {
    const img = await ctx.image();
    const ids = new Map<string, boolean>(f.args.map((id) => [id, true]));
    const all = f.bool('all');
    const prune = f.bool('prune');
    if (all || prune) {
      for (const i of (await img.listImages({})).images) {
        // pinned images (the sandbox image) are kept on prune
        if (prune && i.pinned) continue;
        ids.set(i.id, true);
      }
    }
    if (prune) {
      const rt = await ctx.runtime();
      for (const c of (await rt.listContainers({})).containers) {
        try {
          const id = (await img.imageStatus({ image: { image: c.image?.image ?? '' } })).image?.id;
          if (id) ids.set(id, false);
        } catch (e) {
          ctx.log('error', `image status request for ${JSON.stringify(c.image?.image ?? '')} failed: ${(e as Error).message}`);
        }
      }
    }
    if (![...ids.values()].some(Boolean)) {
      if (all || prune) {
        ctx.log('info', 'No images to remove');
        return;
      }
      throw new CrictlError('no image to remove: give IMAGE-ID [IMAGE-ID...] or --all/--prune');
    }
    await aggregate([...ids].filter(([, remove]) => remove).map(([id]) => async () => {
      let status;
      try {
        status = (await img.imageStatus({ image: { image: id } })).image;
      } catch (e) {
        throw wrapError(`image status request for ${JSON.stringify(id)} failed`, e);
      }
      if (!status) throw new CrictlError(`no such image ${id}`);
      try {
        await img.removeImage({ image: { image: id } }, { timeoutMs: Math.max(ctx.globals.timeoutMs, 60_000) });
      } catch (e) {
        // races with other removals are expected on prune
        if (prune) return;
        throw wrapError(`error of removing image ${JSON.stringify(id)}`, e);
      }
      const names = status.repoTags.length ? status.repoTags : status.repoDigests;
      for (const n of names) ctx.out(`Deleted: ${n}\n`);
    }));
  },
};

export const inspectiCommand: Command = {
  name: 'inspecti',
  usage: 'Return the status of one or more images',
  argsUsage: 'IMAGE-ID [IMAGE-ID...]',
  flags: [outputFlag('json|yaml|go-template|table'), quietFlag('Do not show verbose information'), templateFlag, { name: 'name', type: 'string', usage: 'Filter by image name' }, filterFlag],
  async run(ctx, f) {
    const img = await ctx.image();
    const verbose = !f.bool('quiet');
    const output = f.string('output') || 'json';
    let ids = [...f.args];
    if (!ids.length) {
      try {
        ids = (await listImages(img, f.string('name'), f.strings('filter'))).map((i) => i.id);
      } catch (e) {
        throw wrapError('listing images', e);
      }
    }
    if (!ids.length) {
      ctx.log('error', 'No IDs provided or nothing found per filter');
      throw new CrictlError('no image to inspect');
    }
    const statuses: StatusData[] = [];
    for (const id of ids) {
      let r;
      try {
        r = await img.imageStatus({ image: { image: id }, verbose });
      } catch (e) {
        throw wrapError(`image status for ${JSON.stringify(id)} request`, e);
      }
      if (!r.image) throw new CrictlError(`no such image ${JSON.stringify(id)} present`);
      if (output === 'table') ctx.out(imageStatusTable(r, verbose));
      else statuses.push({ status: imageStatusJson(ctx.schema(), r.image), info: r.info });
    }
    ctx.out(outputStatusData(statuses, output));
  },
};
