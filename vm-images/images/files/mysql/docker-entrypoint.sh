#!/bin/sh
# Entrypoint of the lab's mysql image (MariaDB from Debian), following the official
# mysql/mariadb images: on first start with an empty /var/lib/mysql it creates the system
# tables and the root account with MYSQL_ROOT_PASSWORD (or MYSQL_ALLOW_EMPTY_PASSWORD /
# MYSQL_RANDOM_ROOT_PASSWORD; MARIADB_* names work too), then MYSQL_DATABASE and
# MYSQL_USER/MYSQL_PASSWORD, runs /docker-entrypoint-initdb.d/*.sql and *.sh, and finally
# runs the server as the mysql user.
set -e

log() { echo "$(date -u '+%Y-%m-%d %H:%M:%S') [Entrypoint]: $*"; }
sql_quote() { printf '%s' "$1" | sed -e "s/\\\\/\\\\\\\\/g" -e "s/'/\\\\'/g"; }

if [ "${1#-}" != "$1" ]; then
	set -- mysqld "$@"
fi

case "$1" in
	mysqld|mariadbd) ;;
	*) exec "$@" ;;
esac

if [ "$(id -u)" = '0' ]; then
	mkdir -p /var/lib/mysql /run/mysqld
	chown -R mysql:mysql /var/lib/mysql /run/mysqld
	exec gosu mysql "$0" "$@"
fi

: "${MYSQL_ROOT_PASSWORD:=${MARIADB_ROOT_PASSWORD:-}}"
: "${MYSQL_ALLOW_EMPTY_PASSWORD:=${MARIADB_ALLOW_EMPTY_ROOT_PASSWORD:-}}"
: "${MYSQL_RANDOM_ROOT_PASSWORD:=${MARIADB_RANDOM_ROOT_PASSWORD:-}}"
: "${MYSQL_DATABASE:=${MARIADB_DATABASE:-}}"
: "${MYSQL_USER:=${MARIADB_USER:-}}"
: "${MYSQL_PASSWORD:=${MARIADB_PASSWORD:-}}"

if [ ! -d /var/lib/mysql/mysql ]; then
	if [ -z "$MYSQL_ROOT_PASSWORD" ] && [ -z "$MYSQL_ALLOW_EMPTY_PASSWORD" ] && [ -z "$MYSQL_RANDOM_ROOT_PASSWORD" ]; then
		echo >&2 'error: database is uninitialized and password option is not specified'
		echo >&2 '  You need to specify one of MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD and MYSQL_RANDOM_ROOT_PASSWORD'
		exit 1
	fi
	if [ -n "$MYSQL_RANDOM_ROOT_PASSWORD" ]; then
		MYSQL_ROOT_PASSWORD="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
		log "GENERATED ROOT PASSWORD: $MYSQL_ROOT_PASSWORD"
	fi
	log 'Initializing database files'
	root_pw="$(sql_quote "$MYSQL_ROOT_PASSWORD")"
	{
		echo 'CREATE DATABASE IF NOT EXISTS mysql;'
		echo 'USE mysql;'
		echo 'SET @auth_root_socket=NULL;'
		# as mariadb-install-db: no accounts named after the (per-pod) hostname
		for f in mysql_system_tables.sql mysql_performance_tables.sql mysql_system_tables_data.sql maria_add_gis_sp_bootstrap.sql; do
			sed '/@current_hostname/d' "/usr/share/mysql/$f"
		done
		echo 'FLUSH PRIVILEGES;'
		# root from anywhere, as the official image does (pods connect over the pod network)
		echo "ALTER USER 'root'@'localhost' IDENTIFIED BY '$root_pw';"
		echo "CREATE USER 'root'@'%' IDENTIFIED BY '$root_pw';"
		echo "GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
		echo "DROP USER IF EXISTS 'root'@'127.0.0.1', 'root'@'::1';"
		if [ -n "$MYSQL_DATABASE" ]; then
			echo "CREATE DATABASE IF NOT EXISTS \`$MYSQL_DATABASE\`;"
		fi
		if [ -n "$MYSQL_USER" ] && [ -n "$MYSQL_PASSWORD" ]; then
			echo "CREATE USER '$(sql_quote "$MYSQL_USER")'@'%' IDENTIFIED BY '$(sql_quote "$MYSQL_PASSWORD")';"
			if [ -n "$MYSQL_DATABASE" ]; then
				echo "GRANT ALL ON \`$MYSQL_DATABASE\`.* TO '$(sql_quote "$MYSQL_USER")'@'%';"
			fi
		fi
		for f in /docker-entrypoint-initdb.d/*.sql; do
			[ -f "$f" ] || continue
			[ -n "$MYSQL_DATABASE" ] && echo "USE \`$MYSQL_DATABASE\`;"
			cat "$f"
			echo
		done
	} | "$@" --bootstrap --skip-grant-tables --log-warnings=0 --max-allowed-packet=64M --net-buffer-length=16K
	for f in /docker-entrypoint-initdb.d/*.sh; do
		[ -f "$f" ] || continue
		log "running $f"
		. "$f"
	done
	log 'MariaDB init process done. Ready for start up.'
fi

exec "$@"
