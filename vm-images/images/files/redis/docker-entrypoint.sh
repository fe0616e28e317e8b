#!/bin/sh
# Entrypoint of the lab's redis image, doing what the official image's script does:
# - `docker run redis --appendonly yes` (flags only) means `redis-server --appendonly yes`;
# - started as root, it hands /data to the redis user and re-executes itself as redis;
# - without a config file that sets protected-mode, it adds `--protected-mode no`: Redis 7
#   otherwise refuses clients that are not on loopback when no password is set, and pods
#   reach redis through a Service from other pods.
set -e

if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
	set -- redis-server "$@"
fi

if [ "$1" = 'redis-server' ] && [ "$(id -u)" = '0' ]; then
	find . \! -user redis -exec chown redis:redis '{}' +
	exec gosu redis "$0" "$@"
fi

if [ "$1" = 'redis-server' ]; then
	protected=
	for arg in "$@"; do
		[ "$arg" = '--protected-mode' ] && protected=1
	done
	if [ -f "${2:-}" ] && grep -q '^[[:space:]]*protected-mode[[:space:]]' "$2"; then
		protected=1
	fi
	if [ -z "$protected" ]; then
		set -- "$@" --protected-mode no
	fi
fi

umask 0077
exec "$@"
