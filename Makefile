# SPDX-License-Identifier: GPL-2.0-only
# scxbench — build, test and benchmark.
#
#   make              build BPF objects and the scxbench binary
#   make check        host unit tests + VM integration tests
#   make check-host   host unit tests only (no sched_ext needed)
#   make check-vm     VM integration tests (boots a sched_ext kernel)
#   make bench        performance benchmarks in the VM (ratios), then calibrate
#   make calibrate    the regression gate's false-alarm rate and power, in the VM
#   make calibrate-recommend  how often recommend picks between identical twins, in the VM
#   make soak         leak hunt in the VM: 1000 load cycles per scheduler + a
#                     long run, kernel objects/slab/log before and after
#   make demo         scxbench run --all (in the VM where the host lacks sched_ext)
#   make lint         shellcheck on the CI scripts, action-validator on the workflows
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
            -DSCXB_VERSION='"$(VERSION)"' -I$(BUILD)/gen
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

.PHONY: all check check-host check-vm bench calibrate calibrate-recommend soak demo clean setup lint
all: $(BIN) $(BROKEN_OBJS) $(TEST_HELPERS)

$(VMLINUX_H):
	@mkdir -p $(@D)
	ci/vmlinux-h $@

$(BUILD)/bpf/%.bpf.o: schedulers/%.bpf.c $(VMLINUX_H) $(wildcard bpf/*.h) $(wildcard schedulers/*.h)
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

# The commit a binary was built from is a fact of the tree, not of any one
# source file, so a -D flag went stale: only the files that changed were
# recompiled, and provenance kept naming an older commit. The header is
# rewritten on every make but replaced only when the hash changed, so a
# commit or an edit re-stamps provenance.o and nothing else.
GIT_HASH_H := $(BUILD)/gen/git_hash.h
$(GIT_HASH_H): FORCE
	@mkdir -p $(@D)
	@printf '#define SCXB_GIT_HASH "%s"\n' '$(GIT_HASH)' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
$(BUILD)/obj/runner/provenance.o: $(GIT_HASH_H)
.PHONY: FORCE
FORCE:

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
# The logs are verbose; on a failure the failed points and their
# diagnostics are printed again at the end (tests/lib/tap_failures.sh).
check-vm: all
	@mkdir -p $(BUILD)/vmtest
	@bash -c 'set -o pipefail; ci/vm --timeout $${SCXBENCH_VM_TIMEOUT:-1800} -- \
	    env SCXBENCH=$(abspath $(BIN)) $(PROVE) --exec bash --timer -v tests/vm/*.t | tee "$$0"' $(BUILD)/vmtest/prove-vm.log || \
	  { echo "== failed in the VM:"; tests/lib/tap_failures.sh $(BUILD)/vmtest/prove-vm.log; exit 1; }
	@bash -c 'set -o pipefail; SCXBENCH=$(abspath $(BIN)) $(PROVE) --exec bash --timer -v tests/vmhost/*.t \
	    | tee "$$0"' $(BUILD)/vmtest/prove-vmhost.log || \
	  { echo "== failed (host side of the VM tests):"; tests/lib/tap_failures.sh $(BUILD)/vmtest/prove-vmhost.log; exit 1; }

# the twins row's reference schedulers (tests/bench/run.sh, 4. twins)
TWIN_OBJS := $(BUILD)/tests/bpf/plainvtime.bpf.o $(BUILD)/tests/bpf/plainfifo.bpf.o
bench: all calibrate $(TWIN_OBJS)
	ci/vm --timeout 1800 -- env SCXBENCH=$(abspath $(BIN)) bash tests/bench/run.sh

# How often the regression gate is wrong: A/A rows and slowed twins, CAL_RUNS
# runs in one boot (tests/bench/calibrate.sh; ~1 h with the defaults).
calibrate: all $(BUILD)/tests/bpf/slowtwin.bpf.o
	ci/vm --timeout $${CAL_TIMEOUT:-7200} -- env SCXBENCH=$(abspath $(BIN)) CAL_RUNS=$${CAL_RUNS:-20} \
	    CAL_ROUNDS=$${CAL_ROUNDS:-20} CAL_DURATION=$${CAL_DURATION:-1} CAL_GATE=$${CAL_GATE:-5} \
	    CAL_BURNS="$${CAL_BURNS:-3000}" CAL_WORKLOADS=$${CAL_WORKLOADS:-pipe:cpu=0} bash tests/bench/calibrate.sh

# How often `recommend` is wrong: A/A twins of each profile's contender,
# CR_RUNS runs of run --all's design in one boot, judged as measured and
# with the twins left out (tests/bench/calibrate_recommend.sh; ~35 min).
calibrate-recommend: all
	ci/vm --timeout $${CR_TIMEOUT:-7200} -- env SCXBENCH=$(abspath $(BIN)) CR_RUNS=$${CR_RUNS:-10} \
	    CR_ROUNDS=$${CR_ROUNDS:-3} CR_DURATION=$${CR_DURATION:-2} bash tests/bench/calibrate_recommend.sh

# Not part of check: at the defaults it takes over an hour under TCG.
# SOAK_CYCLES, SOAK_FULL, SOAK_LONG_S, SOAK_SCHEDS pass through (tests/soak/run.sh).
soak: all
	ci/vm --timeout $${SOAK_VM_TIMEOUT:-14400} -- env SCXBENCH=$(abspath $(BIN)) \
	    SOAK_CYCLES=$${SOAK_CYCLES:-1000} SOAK_FULL=$${SOAK_FULL:-10} SOAK_LONG_S=$${SOAK_LONG_S:-1800} \
	    SOAK_SCHEDS=$${SOAK_SCHEDS:-} SOAK_CONTROL_S=$${SOAK_CONTROL_S:-60} SOAK_OUT=$(abspath $(BUILD))/soak bash tests/soak/run.sh

demo: all
	$(BIN) run --all --vm --out $${OUT:-results}

setup:
	ci/setup

# Lint with the tools the ecosystem keeps: shellcheck (Debian; ci/setup
# installs it) on the CI scripts, and @action-validator/cli (npm, pinned)
# on the workflows and the action against GitHub's schemas. The validator
# is installed once under $(BUILD)/lint (never a node_modules in the tree)
# and runs offline from there.
ACTION_VALIDATOR_VERSION := 0.6.0
ACTION_VALIDATOR := $(BUILD)/lint/node_modules/.bin/action-validator
SHELLCHECK_FILES := ci/setup ci/vm ci/vmlinux-h .ci/run tests/host/merge.t tests/host/ci_workflow.t \
                    tests/host/ci_vm_shard.t
ACTION_FILES := action.yml ci/github/scxbench.yml .github/workflows/scxbench.yml
$(ACTION_VALIDATOR):
	@mkdir -p $(BUILD)/lint
	npm install --prefix $(BUILD)/lint --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
	  @action-validator/cli@$(ACTION_VALIDATOR_VERSION)
lint: $(ACTION_VALIDATOR)
	shellcheck -x $(SHELLCHECK_FILES)
	@for f in $(ACTION_FILES); do \
	  $(ACTION_VALIDATOR) $$f > $(BUILD)/lint/out 2>&1 || { cat $(BUILD)/lint/out; echo "action-validator: $$f: invalid"; exit 1; }; \
	  echo "action-validator: $$f: valid"; done

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# ---- reliability: fuzzing, sanitizers, valgrind (tests/fuzz/) ----------------
#   make fuzz            each libFuzzer target for FUZZ_SECONDS (default 20)
#                        after replaying tests/fuzz/regressions/TARGET/*
#   make check-asan      host unit tests + host scripts, ASan+UBSan build
#   make check-valgrind  list/report/compare/recommend under valgrind
FUZZ_BUILD   ?= build-fuzz
FUZZ_CC      ?= clang-19
FUZZ_SECONDS ?= 20
FUZZ_TARGETS := cli layered results_json results_jsonl stressng cyclictest
# Others' files are compiled here by clang while their owners build them with
# gcc -Werror: a clang-only warning must not break `make fuzz`, so warnings
# stay visible but are not errors in this build.
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS  := -g -O1 -fno-omit-frame-pointer $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
                -std=gnu11 -Wall -Wextra -Wno-unused-command-line-argument -D_GNU_SOURCE -I. -Ibpf \
                $(PKG_CFLAGS) -MMD -MP -DSCXB_VERSION='"$(VERSION)"' -DSCXB_GIT_HASH='"fuzz"'
FUZZ_LIB_OBJS:= $(LIB_SRCS:%.c=$(FUZZ_BUILD)/obj/%.o)
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)

.PHONY: fuzz fuzz-build check-asan check-valgrind

$(FUZZ_BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@
# The parsers never touch the bundled BPF objects: a table with the bundled
# names (the CLI checks --sched NAME against it) and no bytes spares the fuzz
# build the BPF toolchain and vmlinux.h.
$(FUZZ_BUILD)/gen/embedded_stub.c: Makefile $(SCHED_SRCS)
	@mkdir -p $(@D)
	@{ echo '#include "runner/embedded.h"'; \
	   echo 'static const unsigned char none[1];'; \
	   echo 'const char scxb_layered_default_json[] = "{\"layers\": [{\"name\": \"rest\"}]}";'; \
	   echo 'const struct embedded_obj scxb_embedded[] = {'; \
	   for s in $(SCHED_SRCS); do n=$$(basename $$s .bpf.c); \
	     echo "  { \"$$n\", EMBED_SCHEDULER, none, none },"; done; \
	   echo '};'; \
	   echo 'const unsigned long scxb_embedded_count = sizeof(scxb_embedded) / sizeof(scxb_embedded[0]);'; } > $@
$(FUZZ_BUILD)/gen/embedded_stub.o: $(FUZZ_BUILD)/gen/embedded_stub.c
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@
$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) $(FUZZ_LIB_OBJS) $(FUZZ_BUILD)/gen/embedded_stub.o
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB_OBJS) $(FUZZ_BUILD)/gen/embedded_stub.o $(LDLIBS)

fuzz-build: $(FUZZ_BINS)

# Per target: replay every kept crasher (a fixed bug must stay fixed), then
# fuzz for FUZZ_SECONDS from the seeds plus the corpus grown by earlier runs
# (build-fuzz/corpus, first so new inputs land there and the checked-in
# seeds stay as they are). The full log is in build-fuzz/TARGET.log; the
# summary line gives executions and coverage. A crash stops `make fuzz`
# with the artifact's path: copy it to tests/fuzz/regressions/TARGET/.
fuzz: $(FUZZ_BINS)
	@set -e; export ASAN_OPTIONS=$${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
	   UBSAN_OPTIONS=$${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}; \
	for t in $(FUZZ_TARGETS); do \
	  bin=$(FUZZ_BUILD)/fuzz_$$t; log=$(FUZZ_BUILD)/$$t.log; \
	  case $$t in cli) dict=cli;; stressng) dict=yaml;; *) dict=json;; esac; \
	  regs=$$(find tests/fuzz/regressions/$$t -type f ! -name '.*' 2>/dev/null | sort); \
	  if [ -n "$$regs" ]; then \
	    if ! $$bin $$regs > $$log.replay 2>&1; then \
	      echo "fuzz $$t: FAILED replaying tests/fuzz/regressions/$$t (log: $$log.replay)"; tail -30 $$log.replay; exit 1; fi; \
	    echo "fuzz $$t: replayed $$(echo "$$regs" | wc -l) regression input(s): ok"; fi; \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/artifacts; \
	  if ! $$bin -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	       -dict=tests/fuzz/dict/$$dict.dict -artifact_prefix=$(FUZZ_BUILD)/artifacts/$$t- \
	       $(FUZZ_BUILD)/corpus/$$t tests/fuzz/seeds/$$t > $$log 2>&1; then \
	    echo "fuzz $$t: FAILED (log: $$log)"; grep -E 'ERROR|SUMMARY|artifact|runtime error' $$log | head -20; exit 1; fi; \
	  echo "fuzz $$t: $$(grep -E '^#[0-9]+.*DONE' $$log | tail -1 | sed 's/^#\([0-9]*\).*cov: \([0-9]*\) ft: \([0-9]*\).*corp: \([0-9/a-zA-Z]*\).*/\1 execs, cov \2, ft \3, corpus \4/')"; \
	done

# Unit tests and host scripts against an ASan+UBSan build of everything
# (own build dir, so it never mixes with the regular objects). With the
# sanitizers gcc's -Wformat-truncation sees different value ranges and
# flags deliberate truncations the -O2 build accepts: not an error here.
check-asan:
	$(MAKE) BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined -Wno-format-truncation" \
	  LDFLAGS="-fsanitize=address,undefined" all $(TEST_SRCS:tests/unit/%.c=build-asan/tests/%)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  SCXBENCH=build-asan/scxbench BUILD=build-asan \
	  $(PROVE) --exec '' $(TEST_SRCS:tests/unit/%.c=build-asan/tests/%) tests/host/*.t

# No leaks (definite) or memory errors in the commands that read user files.
VALGRIND := valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=1
VG_FIX   := tests/fixtures/reports
check-valgrind: $(BIN)
	@set -e; T=$$(mktemp -d); trap 'rm -rf "$$T"' EXIT; \
	run() { echo "valgrind: scxbench $$*"; $(VALGRIND) $(BIN) "$$@" > $$T/out 2> $$T/err || \
	  { echo "FAILED: scxbench $$* (exit $$?)"; cat $$T/err; exit 1; }; }; \
	run list; \
	for f in md html tap json gab-smaller gab-bigger bmf; do run report $(VG_FIX)/run-a.json --format $$f; done; \
	run report $(VG_FIX)/run-a.json --format gab -o $$T/gab.json; \
	run report $(VG_FIX)/run-a-truncated.jsonl --format md; \
	run compare $(VG_FIX)/run-a.json $(VG_FIX)/run-b-slow.json; \
	run compare $(VG_FIX)/run-a.json $(VG_FIX)/run-a.jsonl --format md; \
	run recommend $(VG_FIX)/run-a.json; \
	run recommend $(VG_FIX)/run-3rep.json --profile desktop --format md -o $$T/rec.md; \
	echo "valgrind: no errors, no definite leaks"
# the fuzz objects are intermediates of a pattern chain: keep them
.SECONDARY: $(FUZZ_LIB_OBJS) $(FUZZ_BUILD)/gen/embedded_stub.o
-include $(shell find $(FUZZ_BUILD)/obj -name '*.d' 2>/dev/null)
# Test schedulers for the VM suite (built with the VM tests, not embedded in
# scxbench): one the verifier must reject (tests/vm/reliability.t) and the
# foreign_* ones, written as schedulers from elsewhere would be: only
# vmlinux.h and libbpf's headers, so not our bpf/ directory on the path
# (tests/vm/foreign.t).
TESTBPF_OBJS := $(patsubst tests/vm/bpf/%.bpf.c,$(BUILD)/tests/bpf/%.bpf.o,$(wildcard tests/vm/bpf/*.bpf.c))
$(BUILD)/tests/bpf/foreign_%.bpf.o: tests/vm/bpf/foreign_%.bpf.c $(VMLINUX_H)
	@mkdir -p $(@D)
	$(CLANG) $(filter-out -Ibpf,$(BPF_CFLAGS)) -c $< -o $@
$(BUILD)/tests/bpf/%.bpf.o: tests/vm/bpf/%.bpf.c $(VMLINUX_H) $(wildcard bpf/*.h)
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@
check-vm: $(TESTBPF_OBJS)
