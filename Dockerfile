# rmmsim container image (multi-stage: build on Debian 12, run on a slim Debian 12).
#
# Build:  docker build -t rmmsim .
#         (podman: podman build --format docker -t rmmsim .   -- the docker format
#          keeps the HEALTHCHECK; podman's default OCI format drops it)
# Run:    docker run --rm -p 8080:8080 rmmsim
#         then: curl http://127.0.0.1:8080/__admin/health   ->  {"status":"ok"}
# Extra rmmsim options go after the image name (appended to the entrypoint), e.g.:
#         docker run --rm -p 8080:8080 rmmsim --log-level warn
# Without a Docker engine, scripts/docker-check builds and smoke-tests this file.

############################ build stage ############################
FROM debian:bookworm-slim AS build

WORKDIR /src
# The same package list as scripts/run and scripts/test use, so the image cannot drift.
COPY scripts/deps scripts/deps
RUN scripts/deps build && rm -rf /var/lib/apt/lists/*
COPY . .
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DRMMSIM_TESTS=OFF \
 && cmake --build build -j2 \
 && ./build/rmmsim --version

############################ runtime stage ##########################
FROM debian:bookworm-slim

ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libcivetweb1 libcjson1 libsqlite3-0 libssl3 curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --user-group --uid 10001 \
      --home-dir /var/lib/rmmsim --create-home --shell /usr/sbin/nologin rmmsim

COPY --from=build /src/build/rmmsim /usr/local/bin/rmmsim

USER rmmsim
WORKDIR /var/lib/rmmsim
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=5s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/__admin/health || exit 1
ENTRYPOINT ["rmmsim", "--listen", "0.0.0.0:8080"]
