# The two commands a new user needs: `make run` and `make test`. Both install libpcre2-dev first
# when it is missing (see scripts/ensure-deps.sh).
SWIFT ?= swift
BIN := .build/debug/gws-emulator
# Flags for `make run`, e.g. make run ARGS="--bot support --port 9000"
ARGS ?=

.PHONY: deps build run test format docs test-browser test-examples dist test-dist install screenshots test-tsan test-asan sanitize fuzz bench clean

deps:
	@scripts/ensure-deps.sh

build: deps
	$(SWIFT) build --product gws-emulator

run: build
	$(BIN) serve $(ARGS)

# The Examples package (Examples/) is built as an outside package would build it, in its own
# Examples/.build: it proves that the Swift examples of README.md, docs/ and the DocC
# catalogs compile and pass from outside.
test: deps
	scripts/format.sh lint
	scripts/product-closure.sh
	$(SWIFT) build --build-tests
	scripts/docs.sh check
	$(SWIFT) test --skip-build
	$(BIN) check --strict Bots/
	$(BIN) test Bots/
	$(BIN) check --strict Tests/RiveScriptSuite/
	$(BIN) test Tests/RiveScriptSuite/
	scripts/example-bots-test.sh
	$(SWIFT) build --build-tests --package-path Examples
	$(SWIFT) test --skip-build --package-path Examples
	scripts/examples-test.sh
	scripts/browser-test.sh

# swift-format with .swift-format over Sources/, Tests/ and Examples/ (`make test` checks it first:
# run this before landing), then the copies of Examples/ files that the docs show are synced.
format:
	scripts/format.sh format
	scripts/sync-example-copies.sh

# The DocC catalogs of the products (Sources/PRODUCT/PRODUCT.docc) into
# .build/plugins/Swift-DocC/outputs/, warnings as errors; `make test` checks the same.
docs: deps
	scripts/docs.sh

# The test-double examples in Python (pytest) and JavaScript (node --test), against the binary
# only (part of `make test`; docs/test-double.md).
test-examples: build
	scripts/examples-test.sh

# A release archive that runs without the Swift toolchain: dist/gws-emulator-VERSION-linux-ARCH.tar.gz
# (a release build with --static-swift-stdlib in .build-dist; slow, not part of `make test`).
dist:
	scripts/dist.sh

# Builds the archive, unpacks it into a temporary folder and checks it there: ldd, a clean
# environment, the README's curl walkthrough; prints its size and start-to-ready time (.ci/run).
test-dist:
	scripts/dist-test.sh

# The release build on the PATH: PREFIX/bin/gws-emulator and its bots in PREFIX/share/gws-emulator/Bots.
PREFIX ?= /usr/local
install:
	scripts/install.sh "$(PREFIX)"

# The web client and the agent console in headless Chromium (part of `make test`).
test-browser: build
	scripts/browser-test.sh

# Retakes the pictures of both pages in docs/web-pages.md (docs/screenshots/).
screenshots: build
	SCREENSHOTS=docs/screenshots scripts/browser-test.sh

# Every Swift test under ThreadSanitizer, in its own build folder (slower; not part of `make test`).
test-tsan: deps
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	GWS_EMULATOR_BINARY=$(CURDIR)/.build-tsan/debug/gws-emulator $(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan

# Every Swift test under AddressSanitizer and LeakSanitizer, in its own build folder; .ci/run runs it
# after `make test`. A leak in a test process fails the run, as does one in a gws-emulator whose exit
# status a process test checks (a leaking process exits 1); scripts/lsan.supp lists only leaks inside Foundation, libcurl, libxml2 and XCTest, and
# scripts/lsan-probes.sh shows each with a few lines that use nothing of ours (docs/proof-under-stress.md, "Sanitizers").
test-asan: deps
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/scripts/lsan.supp:print_suppressions=0 \
		GWS_EMULATOR_BINARY=$(CURDIR)/.build-asan/debug/gws-emulator \
		$(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan
	scripts/lsan-probes.sh

# Both sanitizers, one after the other.
sanitize: test-tsan test-asan

# libFuzzer on every fuzz target for FUZZ_SECONDS each (default 120), from fuzz/corpus/; see scripts/fuzz.sh.
FUZZ_SECONDS ?= 120
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

bench: deps
	bench/run-all.sh

clean:
	rm -rf .build .build-tsan .build-asan .build-fuzz .build-dist dist Examples/.build
