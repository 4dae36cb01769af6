# The two Quickstart commands. Everything else is CMake (see README.md).
#   make run   install what is missing, build, run the example job on SQLite
#   make test  install what is missing, build (normal + ASan/UBSan), run every test
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_GEN  := -G Ninja

.PHONY: all setup build build-asan run test clean

all: build

setup:
	@scripts/setup.sh

build: setup
	cmake -S . -B $(BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(BUILD) -j $(JOBS)

build-asan: setup
	CC=clang cmake -S . -B $(ASAN_BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Debug \
	  -DSCHEMAC_SANITIZE=ON -DSCHEMAC_FUZZ=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS)

run: build
	@scripts/run-example.sh $(BUILD)

# The sanitizer suite runs first; the normal suite (with valgrind) runs last, so
# the output ends with ctest's summary line.
test: build build-asan
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS)
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
