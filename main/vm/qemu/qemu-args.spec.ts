import { describe, expect, it } from 'vitest';
import { GUEST_PORTS, HOST_SERVICES_IP, NODE_PORTS } from './guest-layout.js';
import { nodeMacs, qemuArgs, qemuBinary } from './qemu-args.js';
import type { VmSpec } from './qemu-args.js';

function spec(over: Partial<VmSpec> = {}): VmSpec {
  return {
    name: 'node-1',
    accel: 'tcg',
    cpus: 1,
    memoryMiB: 768,
    kernel: '/img/vmlinuz',
    initrd: '/img/initrd.img',
    disk: '/data/nodes/node-1/disk.qcow2',
    configTar: '/data/nodes/node-1/config.tar',
    serialLog: '/data/nodes/node-1/serial.log',
    qmpSocket: '/data/run/node-1.qmp',
    pidFile: '/data/nodes/node-1/qemu.pid',
    switchSocket: '/run/k8s-lab/ab12/switch.sock',
    macs: ['52:54:ab:12:01:00', '52:54:ab:12:01:01'],
    sshPort: 40022,
    kubeletPort: 40250,
    services: { apiServer: 6443, registry: 5001 },
    connectCommand: (port) => `socat - TCP:127.0.0.1:${port}`,
    ...over,
  };
}

/** the value following `flag`, for every occurrence */
function values(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag ? [args[i + 1] ?? ''] : []));
}

/** QEMU's key=value list, split on single commas (",," is a literal comma) */
function options(value: string): string[] {
  return value.split(/(?<!,),(?!,)/).map((o) => o.replace(/,,/g, ','));
}

function userNet(args: string[]): string[] {
  const net = values(args, '-netdev').find((v) => v.startsWith('user,'));
  expect(net).toBeDefined();
  return options(net ?? '');
}

describe('qemuArgs', () => {
  it('restricts the user network: restrict=on, so the guest reaches nothing but the forwards', () => {
    expect(userNet(qemuArgs(spec()))).toContain('restrict=on');
  });

  it('binds every host forward to 127.0.0.1 only, for SSH and the kubelet', () => {
    const fwds = userNet(qemuArgs(spec())).filter((o) => o.startsWith('hostfwd='));
    expect(fwds).toEqual([`hostfwd=tcp:127.0.0.1:40022-:${NODE_PORTS.ssh}`, `hostfwd=tcp:127.0.0.1:40250-:${NODE_PORTS.kubelet}`]);
    for (const f of fwds) expect(f).toMatch(/^hostfwd=tcp:127\.0\.0\.1:\d+-:\d+$/);
  });

  it('forwards one guest port per host service, etcd only when the lab serves it', () => {
    const without = userNet(qemuArgs(spec())).filter((o) => o.startsWith('guestfwd='));
    expect(without).toEqual([
      `guestfwd=tcp:${HOST_SERVICES_IP}:${GUEST_PORTS.apiServer}-cmd:socat - TCP:127.0.0.1:6443`,
      `guestfwd=tcp:${HOST_SERVICES_IP}:${GUEST_PORTS.registry}-cmd:socat - TCP:127.0.0.1:5001`,
    ]);
    const withEtcd = userNet(qemuArgs(spec({ services: { apiServer: 6443, registry: 5001, etcd: 23790 } }))).filter((o) => o.startsWith('guestfwd='));
    expect(withEtcd).toHaveLength(3);
    expect(withEtcd[2]).toBe(`guestfwd=tcp:${HOST_SERVICES_IP}:${GUEST_PORTS.etcd}-cmd:socat - TCP:127.0.0.1:23790`);
  });

  it('doubles commas in paths and commands so a value cannot add options', () => {
    const args = qemuArgs(
      spec({
        disk: '/data/a,b/disk.qcow2',
        configTar: '/data/a,b/config.tar',
        serialLog: '/data/a,b/serial.log',
        qmpSocket: '/data/a,b/run.qmp',
        switchSocket: '/run/a,b/switch.sock',
        connectCommand: (port) => `connect ${port},readonly=on`,
      }),
    );
    expect(values(args, '-drive')[0]).toBe('file=/data/a,,b/disk.qcow2,if=virtio,format=qcow2,discard=unmap');
    expect(values(args, '-fw_cfg')[0]).toBe('name=opt/k8s-lab/config.tar,file=/data/a,,b/config.tar');
    expect(values(args, '-chardev')[0]).toBe('file,id=serial0,path=/data/a,,b/serial.log,append=on');
    expect(values(args, '-qmp')[0]).toBe('unix:/data/a,,b/run.qmp,server=on,wait=off');
    expect(values(args, '-netdev').find((v) => v.startsWith('stream,'))).toBe('stream,id=net1,server=off,addr.type=unix,addr.path=/run/a,,b/switch.sock');
    // the injected ",readonly=on" stays part of the command, not an option of the netdev
    expect(userNet(args)).toContain(`guestfwd=tcp:${HOST_SERVICES_IP}:${GUEST_PORTS.apiServer}-cmd:connect 6443,readonly=on`);
    expect(userNet(args)).not.toContain('readonly=on');
  });

  it('boots the node kernel directly, exits instead of rebooting, and uses the accelerator asked for', () => {
    const tcg = qemuArgs(spec());
    expect(values(tcg, '-kernel')).toEqual(['/img/vmlinuz']);
    expect(values(tcg, '-initrd')).toEqual(['/img/initrd.img']);
    expect(tcg).toContain('-no-reboot');
    expect(values(tcg, '-accel')).toEqual(['tcg']);
    expect(values(tcg, '-cpu')).toEqual(['max']);
    const kvm = qemuArgs(spec({ accel: 'kvm', cpus: 2, memoryMiB: 1024 }));
    expect(values(kvm, '-accel')).toEqual(['kvm']);
    expect(values(kvm, '-cpu')).toEqual(['host']);
    expect(values(kvm, '-smp')).toEqual(['2']);
    expect(values(kvm, '-m')).toEqual(['1024M']);
    expect(values(kvm, '-device').filter((d) => d.startsWith('virtio-net-pci'))).toEqual(['virtio-net-pci,netdev=net0,mac=52:54:ab:12:01:00,romfile=', 'virtio-net-pci,netdev=net1,mac=52:54:ab:12:01:01,romfile=']);
  });

  it('names the binary by architecture', () => {
    expect(qemuBinary('x64')).toBe('qemu-system-x86_64');
    expect(qemuBinary('arm64')).toBe('qemu-system-aarch64');
  });
});

describe('nodeMacs', () => {
  const octets = (mac: string): number[] => mac.split(':').map((h) => parseInt(h, 16));

  it('is stable for the same lab and node', () => {
    expect(nodeMacs('ab12', 3)).toEqual(nodeMacs('ab12', 3));
    expect(nodeMacs('ab12', 3)).toEqual(['52:54:ab:12:03:00', '52:54:ab:12:03:01']);
  });

  it('gives each NIC, node and lab its own address', () => {
    const all = ['ab12', 'ab13', '0000'].flatMap((lab) => [1, 2, 3].flatMap((i) => nodeMacs(lab, i)));
    expect(new Set(all).size).toBe(all.length);
  });

  it('makes well-formed, locally administered unicast addresses', () => {
    for (const mac of [...nodeMacs('ab12', 1), ...nodeMacs('ffff', 255), ...nodeMacs('7', 0)]) {
      expect(mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
      const first = octets(mac)[0] ?? 0;
      // IEEE 802: bit 1 of the first octet = locally administered, bit 0 = group (must be clear)
      expect(first & 0b10).toBe(0b10);
      expect(first & 0b01).toBe(0);
    }
  });
});
