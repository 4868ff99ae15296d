# scxbench — build, test and benchmark.
#
#   make              build BPF objects and the scxbench binary
#   make check        host unit tests + VM integration tests
#   make check-host   host unit tests only (no sched_ext needed)
#   make check-vm     VM integration tests (boots a sched_ext kernel)
#   make bench        performance benchmarks in the VM (ratios)
#   make demo         scxbench run --all (in the VM where the host lacks sched_ext)
#
# Every source file under runner/ workloads/ conformance/ reports/ and every
# *.bpf.c under schedulers/ conformance/bpf/ conformance/broken/ is picked up
# by wildcard: adding a file needs no Makefile edit.

BUILD    ?= build
CC       ?= gcc
CLANG    ?= clang-19
BPFTOOL  ?= bpftool
PROVE    ?= prove
VERSION  := 0.1.0
GIT_HASH := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD -- 2>/dev/null || echo -dirty)

PKG_CFLAGS := $(shell pkg-config --cflags libbpf jansson libcrypto 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs libbpf jansson libcrypto 2>/dev/null)

OPT      ?= -O2 -g
CFLAGS   ?=
CFLAGS   += $(OPT) -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE -I. -Ibpf $(PKG_CFLAGS) -MMD -MP \
            -DSCXB_VERSION='"$(VERSION)"' -DSCXB_GIT_HASH='"$(GIT_HASH)"'
LDLIBS   += $(PKG_LIBS) -lelf -lz -lm -lpthread
BPF_CFLAGS := -g -O2 -target bpf -mcpu=v3 -D__TARGET_ARCH_x86 -Wall -Wextra \
              -Wno-unused-parameter -Werror -isystem $(BUILD)/include -Ibpf

LIB_SRCS   := $(sort $(filter-out runner/main.c,$(wildcard runner/*.c workloads/*.c conformance/*.c reports/*.c)))
LIB_OBJS   := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
SCHED_SRCS := $(sort $(wildcard schedulers/*.bpf.c))
CONF_SRCS  := $(sort $(wildcard conformance/bpf/*.bpf.c))
TRACE_SRCS := $(sort $(wildcard runner/bpf/*.bpf.c))
BROKEN_SRCS:= $(sort $(wildcard conformance/broken/*.bpf.c))
SCHED_OBJS := $(SCHED_SRCS:schedulers/%.bpf.c=$(BUILD)/bpf/%.bpf.o)
CONF_OBJS  := $(CONF_SRCS:conformance/bpf/%.bpf.c=$(BUILD)/bpf/%.bpf.o)
TRACE_OBJS := $(TRACE_SRCS:runner/bpf/%.bpf.c=$(BUILD)/bpf/%.bpf.o)
BROKEN_OBJS:= $(BROKEN_SRCS:conformance/broken/%.bpf.c=$(BUILD)/broken/%.bpf.o)
TEST_SRCS  := $(sort $(wildcard tests/unit/test_*.c))
TEST_BINS  := $(TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
TEST_HELPER_SRCS := $(sort $(wildcard tests/helpers/*.c))
TEST_HELPERS := $(TEST_HELPER_SRCS:tests/helpers/%.c=$(BUILD)/tests/helpers/%)
VMLINUX_H  := $(BUILD)/include/vmlinux.h
BIN        := $(BUILD)/scxbench

.PHONY: all check check-host check-vm bench demo clean setup
all: $(BIN) $(BROKEN_OBJS) $(TEST_HELPERS)

$(VMLINUX_H):
	@mkdir -p $(@D)
	ci/vmlinux-h $@

$(BUILD)/bpf/%.bpf.o: schedulers/%.bpf.c $(VMLINUX_H) $(wildcard bpf/*.h)
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@
$(BUILD)/bpf/%.bpf.o: conformance/bpf/%.bpf.c $(VMLINUX_H) $(wildcard bpf/*.h)
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@
$(BUILD)/bpf/%.bpf.o: runner/bpf/%.bpf.c $(VMLINUX_H) $(wildcard bpf/*.h)
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@
$(BUILD)/broken/%.bpf.o: conformance/broken/%.bpf.c $(VMLINUX_H) $(wildcard bpf/*.h)
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

# Bundled objects are embedded in the binary (.incbin), so scxbench is one
# self-contained file; the table says which are schedulers and which are the
# conformance probes' helpers.
$(BUILD)/gen/embedded.S: $(SCHED_OBJS) $(CONF_OBJS) $(TRACE_OBJS) Makefile
	@mkdir -p $(@D)
	@{ echo '.section .rodata'; \
	   for o in $(SCHED_OBJS) $(CONF_OBJS) $(TRACE_OBJS); do n=$$(basename $$o .bpf.o); \
	     echo ".balign 8"; echo ".global scxb_obj_$${n}_start"; echo "scxb_obj_$${n}_start:"; \
	     echo ".incbin \"$(abspath $(BUILD))/bpf/$$n.bpf.o\""; \
	     echo ".global scxb_obj_$${n}_end"; echo "scxb_obj_$${n}_end:"; done; \
	   echo ".balign 8"; echo ".global scxb_layered_default_json"; echo "scxb_layered_default_json:"; \
	   echo ".incbin \"$(abspath schedulers/layered.json)\""; echo ".byte 0"; \
	   echo '.section .note.GNU-stack,"",@progbits'; } > $@
$(BUILD)/gen/embedded_table.c: Makefile $(SCHED_SRCS) $(CONF_SRCS) $(TRACE_SRCS)
	@mkdir -p $(@D)
	@{ echo '#include "runner/embedded.h"'; \
	   for o in $(SCHED_OBJS) $(CONF_OBJS) $(TRACE_OBJS); do n=$$(basename $$o .bpf.o); \
	     echo "extern const unsigned char scxb_obj_$${n}_start[], scxb_obj_$${n}_end[];"; done; \
	   echo 'const struct embedded_obj scxb_embedded[] = {'; \
	   for o in $(SCHED_OBJS); do n=$$(basename $$o .bpf.o); \
	     echo "  { \"$$n\", EMBED_SCHEDULER, scxb_obj_$${n}_start, scxb_obj_$${n}_end },"; done; \
	   for o in $(CONF_OBJS); do n=$$(basename $$o .bpf.o); \
	     echo "  { \"$$n\", EMBED_CONFORMANCE, scxb_obj_$${n}_start, scxb_obj_$${n}_end },"; done; \
	   for o in $(TRACE_OBJS); do n=$$(basename $$o .bpf.o); \
	     echo "  { \"$$n\", EMBED_TRACER, scxb_obj_$${n}_start, scxb_obj_$${n}_end },"; done; \
	   echo '};'; \
	   echo 'const unsigned long scxb_embedded_count = sizeof(scxb_embedded) / sizeof(scxb_embedded[0]);'; } > $@
$(BUILD)/gen/embedded.o: $(BUILD)/gen/embedded.S schedulers/layered.json
	$(CC) -c $< -o $@
$(BUILD)/gen/embedded_table.o: $(BUILD)/gen/embedded_table.c
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c $< -o $@

$(BIN): $(BUILD)/obj/runner/main.o $(LIB_OBJS) $(BUILD)/gen/embedded.o $(BUILD)/gen/embedded_table.o
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJS) $(BUILD)/gen/embedded.o $(BUILD)/gen/embedded_table.o $(wildcard tests/unit/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Wno-format-truncation $(LDFLAGS) -o $@ $< $(LIB_OBJS) $(BUILD)/gen/embedded.o $(BUILD)/gen/embedded_table.o $(LDLIBS)
$(BUILD)/tests/helpers/%: tests/helpers/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LDLIBS)

check: check-host check-vm

check-host: $(BIN) $(TEST_BINS)
	SCXBENCH=$(abspath $(BIN)) $(PROVE) --exec '' $(TEST_BINS) tests/host/*.t

# One VM boot runs every VM test file (each a TAP script) under prove.
check-vm: all
	ci/vm --timeout $${SCXBENCH_VM_TIMEOUT:-1800} -- $(PROVE) --exec 'bash' --timer tests/vm/*.t

bench: all
	ci/vm --timeout 1800 -- bash tests/bench/run.sh

demo: all
	$(BIN) run --all --vm --out $${OUT:-results}

setup:
	ci/setup

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
