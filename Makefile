# The two commands a newcomer needs:
#   make run    installs what is missing, builds, migrates and serves on 127.0.0.1:8080
#   make test   installs what is missing, builds, and runs every test suite
SWIFT ?= swift
BINARY := .build/debug/inference-gateway
RELEASE_BINARY := .build/release/inference-gateway

.PHONY: run test lint build build-release runtime-check setup bench clean

run:
	@scripts/setup.sh run
	$(SWIFT) build --product inference-gateway
	$(BINARY) serve $(ARGS)

build:
	@scripts/setup.sh run
	$(SWIFT) build

build-release:
	@scripts/setup.sh run
	$(SWIFT) build -c release --product inference-gateway

test:
	@scripts/setup.sh test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	python3 -m pytest -q Tests/e2e

# The Containerfile without a container engine: the build stage's release build (static Swift
# standard library), run in a debootstrap'd minimal Debian root holding only the runtime stage's
# packages, as its non-root user, read-only: migrate, /readyz, a legacy submit, SIGTERM.
runtime-check:
	scripts/runtime-check.sh

# The house format (.swift-format: Hummingbird's, 4 spaces, 150 columns, ordered imports); the
# formatter ships with the toolchain. `swift format format -i -r Sources Tests Package.swift` applies it.
lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift

bench:
	@scripts/setup.sh bench
	bench/run.sh

clean:
	rm -rf .build
