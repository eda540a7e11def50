#!/bin/sh
# hash-of.sh OBJ ID FIELD - prints FIELD ("hash" or "init_hash") of the
# function or global with identity ID in OBJ's TU manifest.
sh "$(dirname "$0")/dsu-record.sh" "$1" | grep "{\"id\":\"$2\"" | sed "s/.*\"$3\":\"\([0-9a-f]*\)\".*/\1/"
