# Shared by v1..v4/Makefile.  Build from inside the version's directory, so
# every version's TU ids are the same relative paths (server.c, store.c).
DSU_CC ?= dsu-cc
PLAIN_CC ?= clang-19
CFLAGS ?= -O2 -g
WARN = -Wall -Wextra
SRCS = server.c store.c

all: kvserver

kvserver: $(SRCS) store.h
	$(DSU_CC) $(CFLAGS) $(WARN) -o $@ $(SRCS)

plain: kvserver-plain
kvserver-plain: $(SRCS) store.h
	$(PLAIN_CC) $(CFLAGS) $(WARN) -DDSU_PLAIN -o $@ $(SRCS)

clean:
	rm -f kvserver kvserver-plain

.PHONY: all plain clean
