# The two commands a new user needs: `make run` and `make test`. Both install libpcre2-dev first
# when it is missing (see scripts/ensure-deps.sh).
SWIFT ?= swift
BIN := .build/debug/gws-emulator
# Flags for `make run`, e.g. make run ARGS="--bot support --port 9000"
ARGS ?=

.PHONY: deps build run test test-swift test-bots bench clean

deps:
	@scripts/ensure-deps.sh

build: deps
	$(SWIFT) build --product gws-emulator

run: build
	$(BIN) serve $(ARGS)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(BIN) test Bots/

bench: deps
	bench/run-all.sh

clean:
	rm -rf .build
