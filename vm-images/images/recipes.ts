// The lab images as data: which Debian packages (and which of their files) go into which
// layer, and the config each image carries. Layers listed by several images (base, shell,
// node) are built once, so the registry and containerd store them once.
import { DEFAULT_PATH } from './recipe-types.js';
import type { FileSpec, ImageSpec, LayerSpec } from './recipe-types.js';

/** Dropped from every package: documentation, init-system glue, translations. */
export const GLOBAL_DROP = [
  'usr/share/{doc,man,info,locale,lintian,bug,bash-completion,apport,vim,menu,initramfs-tools,gdb,gcc,doc-base,common-licenses}',
  'etc/{init.d,logrotate.d,cron.d,cron.daily,ufw,default,apparmor.d,systemd}',
  '{lib,usr/lib}/systemd',
  'usr/lib/*/gconv',
];

const users = (extra: string[] = []): string =>
  [
    'root:x:0:0:root:/root:/bin/sh',
    'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
    'bin:x:2:2:bin:/bin:/usr/sbin/nologin',
    'sys:x:3:3:sys:/dev:/usr/sbin/nologin',
    'www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin',
    ...extra,
    'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
  ].join('\n') + '\n';

const groups = (extra: string[] = []): string =>
  ['root:x:0:', 'daemon:x:1:', 'bin:x:2:', 'sys:x:3:', 'adm:x:4:', 'tty:x:5:', 'www-data:x:33:', ...extra, 'nogroup:x:65534:'].join('\n') + '\n';

const accounts = (passwd: string[], group: string[]): FileSpec[] => [
  { kind: 'text', path: 'etc/passwd', text: users(passwd) },
  { kind: 'text', path: 'etc/group', text: groups(group) },
];

/** The directories every Debian-like root has (modes as in base-files). */
const ROOT_DIRS: FileSpec[] = [
  { kind: 'dir', path: 'tmp', mode: 0o1777 },
  { kind: 'dir', path: 'var/tmp', mode: 0o1777 },
  { kind: 'dir', path: 'root', mode: 0o700 },
  { kind: 'dir', path: 'home' },
  { kind: 'dir', path: 'run' },
  { kind: 'symlink', path: 'var/run', target: '/run' },
  { kind: 'dir', path: 'var/log' },
  { kind: 'dir', path: 'var/lib' },
  { kind: 'dir', path: 'var/cache' },
  { kind: 'dir', path: 'usr/local/bin' },
  { kind: 'dir', path: 'usr/local/sbin' },
  { kind: 'dir', path: 'proc' },
  { kind: 'dir', path: 'sys' },
  { kind: 'dir', path: 'dev' },
  { kind: 'dir', path: 'etc' },
];

export const LAYERS: LayerSpec[] = [
  {
    name: 'pause',
    files: [{ kind: 'compiled', path: 'pause', source: 'pause/pause.c' }],
  },
  {
    // busybox-static with its applet links: the busybox image
    name: 'busybox',
    packages: [{ name: 'busybox-static', keep: ['bin/busybox'] }],
    busyboxApplets: { binary: 'bin/busybox' },
  },
  {
    // the shell and tools (`kubectl exec … -- sh`, entrypoint scripts) of the Debian-based
    // images: Debian's dynamic busybox, because busybox-static's shell prefers its own
    // applets to PATH (FEATURE_SH_STANDALONE), so `httpd` in a script would start
    // busybox's httpd instead of Apache
    name: 'shell',
    packages: [{ name: 'busybox', keep: ['bin/busybox'] }],
    busyboxApplets: { binary: 'bin/busybox' },
  },
  {
    name: 'busybox-root',
    files: [...ROOT_DIRS, ...accounts([], []), { kind: 'dir', path: 'var/spool/mail' }, { kind: 'dir', path: 'var/www' }],
  },
  {
    // glibc and the libraries most servers link: the lowest layer of every dynamic image
    name: 'base',
    packages: [
      {
        name: 'libc6',
        keep: ['lib/*/ld-linux*', 'lib/ld-linux*', 'lib64/**', 'lib/*/lib{c,m,dl,pthread,rt,resolv,util,anl}.so.*', 'lib/*/libnss_{files,dns}.so.2', 'etc/ld.so.conf.d/**'],
      },
      { name: 'libgcc-s1' },
      // C++ runtime: node, jemalloc (redis) and mariadb link it
      { name: 'libstdc++6', keep: ['usr/lib/*/libstdc++.so.6*'] },
      { name: 'zlib1g' },
      { name: 'libcrypt1' },
      { name: 'libpcre2-8-0' },
      // openssl 3 engines and the legacy provider are only loaded on request
      { name: 'libssl3', keep: ['usr/lib/*/lib{ssl,crypto}.so.3'] },
      { name: 'base-files', keep: ['etc/debian_version', 'etc/os-release', 'etc/host.conf', 'usr/lib/os-release'] },
      { name: 'netbase', keep: ['etc/{protocols,services,rpc,ethertypes}'] },
    ],
    files: [
      ...ROOT_DIRS,
      ...accounts([], []),
      { kind: 'text', path: 'etc/nsswitch.conf', text: 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\nnetworks: files\nprotocols: files\nservices: files\n' },
    ],
  },
  {
    name: 'nginx',
    packages: [
      { name: 'nginx', keep: ['usr/sbin/nginx'] },
      {
        name: 'nginx-common',
        keep: ['etc/nginx/{mime.types,fastcgi_params,fastcgi.conf,scgi_params,uwsgi_params,koi-utf,koi-win,win-utf}', 'usr/share/nginx/html/index.html'],
      },
    ],
    files: [
      ...accounts(['nginx:x:101:101:nginx user:/nonexistent:/bin/false'], ['nginx:x:101:']),
      { kind: 'asset', path: 'etc/nginx/nginx.conf', asset: 'files/nginx/nginx.conf' },
      { kind: 'asset', path: 'etc/nginx/conf.d/default.conf', asset: 'files/nginx/default.conf' },
      { kind: 'asset', path: 'usr/share/nginx/html/50x.html', asset: 'files/nginx/50x.html' },
      { kind: 'symlink', path: 'etc/nginx/modules', target: '/usr/lib/nginx/modules' },
      { kind: 'dir', path: 'usr/lib/nginx/modules' },
      // the official image sends its logs to the container's stdout/stderr this way
      { kind: 'symlink', path: 'var/log/nginx/access.log', target: '/dev/stdout' },
      { kind: 'symlink', path: 'var/log/nginx/error.log', target: '/dev/stderr' },
      // Debian's nginx keeps client bodies and proxy buffers under /var/lib/nginx
      { kind: 'dir', path: 'var/lib/nginx' },
      { kind: 'dir', path: 'var/cache/nginx' },
    ],
  },
  {
    // what the database servers (redis, mariadb) share: libsystemd (sd_notify) and its
    // libraries, and gosu, with which their entrypoints drop root as the official images do
    name: 'server-libs',
    packages: [
      { name: 'libsystemd0' },
      { name: 'libcap2', keep: ['{lib,usr/lib}/*/libcap.so.*'] },
      { name: 'libgcrypt20', keep: ['{lib,usr/lib}/*/libgcrypt.so.*'] },
      { name: 'libgpg-error0', keep: ['{lib,usr/lib}/*/libgpg-error.so.*'] },
      { name: 'liblzma5' },
      { name: 'libzstd1' },
      { name: 'liblz4-1' },
      { name: 'gosu', keep: ['usr/sbin/gosu'] },
    ],
  },
  {
    name: 'redis',
    packages: [
      { name: 'redis-tools', keep: ['usr/bin/redis-{cli,check-rdb}'] },
      { name: 'redis-server', keep: ['usr/bin/redis-server'] },
      { name: 'libatomic1' },
      { name: 'libjemalloc2' },
      { name: 'liblzf1' },
    ],
    files: [
      ...accounts(['redis:x:999:999::/data:/bin/sh'], ['redis:x:999:']),
      { kind: 'dir', path: 'data', uid: 999, gid: 999 },
      { kind: 'asset', path: 'usr/local/bin/docker-entrypoint.sh', asset: 'files/redis/docker-entrypoint.sh', mode: 0o755 },
    ],
  },
  {
    // apache2-bin without the modules that pull in curl, ldap, lua, xml, brotli, ssl
    name: 'httpd',
    packages: [
      {
        name: 'apache2-bin',
        keep: [
          'usr/sbin/apache2',
          'usr/lib/apache2/modules/mod_{mpm_event,authn_file,authn_core,authz_host,authz_groupfile,authz_user,authz_core,access_compat,auth_basic,reqtimeout,filter,mime,env,headers,setenvif,status,autoindex,dir,alias}.so',
        ],
      },
      { name: 'libapr1' },
      { name: 'libaprutil1', keep: ['usr/lib/*/libaprutil-1.so.*'] },
      { name: 'libexpat1', keep: ['{lib,usr/lib}/*/libexpat.so.*'] },
      { name: 'libuuid1' },
      { name: 'media-types', keep: ['etc/mime.types'] },
    ],
    files: [
      { kind: 'asset', path: 'usr/local/apache2/conf/httpd.conf', asset: 'files/httpd/httpd.conf' },
      { kind: 'asset', path: 'usr/local/apache2/htdocs/index.html', asset: 'files/httpd/index.html' },
      { kind: 'asset', path: 'usr/local/apache2/bin/httpd', asset: 'files/httpd/httpd', mode: 0o755 },
      { kind: 'asset', path: 'usr/local/apache2/bin/httpd-foreground', asset: 'files/httpd/httpd-foreground', mode: 0o755 },
      { kind: 'dir', path: 'usr/local/apache2/logs' },
    ],
  },
  {
    // MariaDB standing in for mysql: the server, mysqladmin/mysqldump and the mysql client;
    // english messages only, no help tables or sys schema (mariadb-install-db's optional parts)
    name: 'mysql',
    packages: [
      {
        name: 'mariadb-server-core',
        keep: [
          'usr/sbin/{mariadbd,mysqld}',
          'usr/share/mysql/{english,charsets}/**',
          'usr/share/mysql/{mysql_system_tables,mysql_performance_tables,mysql_system_tables_data,maria_add_gis_sp_bootstrap}.sql',
        ],
      },
      { name: 'mariadb-client', keep: ['usr/bin/{mariadb-admin,mysqladmin,mariadb-dump,mysqldump}'] },
      { name: 'mariadb-client-core', keep: ['usr/bin/{mariadb,mysql}'] },
      { name: 'libaio1' },
      { name: 'libnuma1' },
      { name: 'liburing2' },
      { name: 'libedit2' },
      { name: 'libncurses6' },
      { name: 'libtinfo6' },
      { name: 'libbsd0' },
      { name: 'libmd0' },
    ],
    files: [
      ...accounts(['mysql:x:999:999::/var/lib/mysql:/bin/false'], ['mysql:x:999:']),
      { kind: 'asset', path: 'etc/mysql/my.cnf', asset: 'files/mysql/my.cnf' },
      { kind: 'dir', path: 'etc/mysql/conf.d' },
      { kind: 'dir', path: 'var/lib/mysql', uid: 999, gid: 999 },
      { kind: 'dir', path: 'run/mysqld', uid: 999, gid: 999 },
      { kind: 'dir', path: 'docker-entrypoint-initdb.d' },
      { kind: 'asset', path: 'usr/local/bin/docker-entrypoint.sh', asset: 'files/mysql/docker-entrypoint.sh', mode: 0o755 },
    ],
  },
  {
    // Debian's Node.js with system libraries; node's builtins load acorn, cjs-module-lexer
    // and undici from /usr/share/nodejs (see NODE_SHARED_BUILTIN_* in `node -p process.config`)
    name: 'node',
    packages: [
      { name: 'nodejs', keep: ['usr/bin/node'] },
      { name: 'libnode108', keep: ['usr/lib/*/libnode.so.*'] },
      { name: 'libicu72', keep: ['usr/lib/*/libicu{uc,i18n,data}.so.*'] },
      { name: 'libuv1' },
      { name: 'libc-ares2' },
      { name: 'libbrotli1' },
      { name: 'libnghttp2-14' },
      { name: 'node-acorn', keep: ['usr/share/nodejs/acorn/dist/acorn.js', 'usr/share/nodejs/acorn-walk/dist/walk.js'] },
      { name: 'node-cjs-module-lexer', keep: ['usr/share/nodejs/cjs-module-lexer/{lexer.js,dist/lexer.js}'] },
      { name: 'node-undici', keep: ['usr/share/nodejs/undici/undici-fetch.js'] },
      { name: 'ca-certificates', keep: [] },
    ],
    files: [
      // Debian's node reads this bundle at start (and warns when it is missing)
      { kind: 'concat', path: 'etc/ssl/certs/ca-certificates.crt', package: 'ca-certificates', glob: 'usr/share/ca-certificates/mozilla/*.crt' },
    ],
  },
  {
    name: 'myweb',
    files: [
      { kind: 'asset', path: 'usr/src/app/index.js', asset: 'files/myweb/index.js' },
      { kind: 'asset', path: 'usr/src/app/package.json', asset: 'files/myweb/package.json' },
      { kind: 'asset', path: 'usr/src/app/node_modules/ip/index.js', asset: 'files/myweb/ip/index.js' },
      { kind: 'asset', path: 'usr/src/app/node_modules/ip/package.json', asset: 'files/myweb/ip/package.json' },
    ],
  },
  {
    name: 'echo',
    files: [{ kind: 'asset', path: 'app/server.js', asset: 'files/echo/server.js' }],
  },
];

const echo = (tag: string): ImageSpec => ({
  name: `echo-${tag}`,
  refs: [`ghcr.io/subicura/echo:${tag}`],
  description: `HTTP echo server on :3000 answering "version: ${tag}" and the request (rolling-update labs)`,
  layers: ['base', 'shell', 'node', 'echo'],
  config: {
    Entrypoint: ['node', '/app/server.js'],
    Env: [DEFAULT_PATH, `ECHO_VERSION=${tag}`, 'PORT=3000'],
    ExposedPorts: ['3000/tcp'],
    WorkingDir: '/app',
  },
});

export const IMAGES: ImageSpec[] = [
  {
    name: 'pause',
    refs: ['registry.k8s.io/pause:3.6'],
    description: 'pod sandbox: a static process that reaps children and exits 0 on SIGTERM',
    layers: ['pause'],
    // the upstream pause image runs as 65535 (no passwd needed: a static binary)
    config: { User: '65535:65535', Entrypoint: ['/pause'], Env: [DEFAULT_PATH] },
  },
  {
    name: 'busybox',
    refs: ['docker.io/library/busybox:latest'],
    description: 'busybox-static with its applet links',
    layers: ['busybox', 'busybox-root'],
    config: { Cmd: ['sh'], Env: [DEFAULT_PATH] },
  },
  {
    name: 'nginx',
    refs: ['docker.io/library/nginx:latest'],
    description: 'nginx serving "Welcome to nginx!" on :80, logs to stdout/stderr',
    layers: ['base', 'shell', 'nginx'],
    config: {
      Cmd: ['nginx', '-g', 'daemon off;'],
      Env: [DEFAULT_PATH, 'NGINX_VERSION={{version:nginx}}'],
      ExposedPorts: ['80/tcp'],
      // nginx finishes in-flight requests on SIGQUIT (the official image's STOPSIGNAL)
      StopSignal: 'SIGQUIT',
    },
  },
  {
    name: 'redis',
    refs: ['docker.io/library/redis:latest'],
    description: 'redis-server on :6379 (protected mode off as in the official image), redis-cli',
    layers: ['base', 'shell', 'server-libs', 'redis'],
    config: {
      Entrypoint: ['docker-entrypoint.sh'],
      Cmd: ['redis-server'],
      Env: [DEFAULT_PATH, 'REDIS_VERSION={{version:redis-tools}}'],
      ExposedPorts: ['6379/tcp'],
      WorkingDir: '/data',
    },
  },
  {
    name: 'httpd',
    refs: ['docker.io/library/httpd:latest'],
    description: 'Apache httpd serving "It works!" on :80 from /usr/local/apache2/htdocs',
    layers: ['base', 'shell', 'httpd'],
    config: {
      Cmd: ['httpd-foreground'],
      Env: ['PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HTTPD_PREFIX=/usr/local/apache2', 'HTTPD_VERSION={{version:apache2-bin}}'],
      ExposedPorts: ['80/tcp'],
      WorkingDir: '/usr/local/apache2',
      // graceful stop, as the official image
      StopSignal: 'SIGWINCH',
    },
  },
  {
    name: 'mysql',
    refs: ['docker.io/library/mysql:latest'],
    description: 'MariaDB on :3306 honouring MYSQL_ROOT_PASSWORD (mysqladmin ping -p… for liveness labs)',
    layers: ['base', 'shell', 'server-libs', 'mysql'],
    config: {
      Entrypoint: ['docker-entrypoint.sh'],
      Cmd: ['mysqld'],
      Env: [DEFAULT_PATH, 'MARIADB_VERSION={{version:mariadb-server-core}}'],
      ExposedPorts: ['3306/tcp'],
    },
  },
  {
    name: 'myweb',
    refs: ['docker.io/c1t1d0s7/myweb:latest', 'docker.io/union1991/myweb:latest'],
    description: "the seeds' Node.js app: Message/Hostname/Platform/Uptime/IP/DNS on :8080",
    layers: ['base', 'shell', 'node', 'myweb'],
    // the seed's Dockerfile: WORKDIR /usr/src/app, ENTRYPOINT ["node","index.js"], CMD ["HELLO World!"]
    config: {
      Entrypoint: ['node', 'index.js'],
      Cmd: ['HELLO World!'],
      Env: [DEFAULT_PATH, 'NODE_VERSION={{version:nodejs}}'],
      ExposedPorts: ['8080/tcp'],
      WorkingDir: '/usr/src/app',
    },
  },
  echo('v1'),
  echo('v2'),
];
