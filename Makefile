# ecocap — the two commands of the README's Quick start, and helpers.
.PHONY: demo test setup bench lint

setup:
	./scripts/setup.sh

# Install what is missing (GDAL), build, and run the demo.
demo: setup
	cargo build --release -p ecocap-cli
	./target/release/ecocap demo --out demo-out

# Run the whole test suite.
test: setup
	cargo test --workspace

lint: setup
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

# Speed and memory benchmark (not part of the tests): 4000², 8000², 16000².
bench: setup
	cargo run --release -p ecocap-bench -- $(SIZES)
