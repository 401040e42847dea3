# ruleid: dockerfile-from-latest
FROM node:latest AS build
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm run build

# ruleid: dockerfile-from-latest
FROM gcr.io/distroless/nodejs22-debian12 AS runtime-base

# ok: dockerfile-from-latest
FROM node:22.12-bookworm-slim@sha256:2b3a5a1ad9c8a09fcd0f7fbdc5d8b2ac37e4d2a4d6b8e5cb2e7b9e1f0c3d4a5b AS deps
RUN npm ci --omit=dev

# ok: dockerfile-from-latest
FROM runtime-base
# ok: dockerfile-from-latest
FROM node:22.12.0-bookworm-slim
ARG BASE_IMAGE=node:22.12.0-alpine
# ok: dockerfile-from-latest
FROM ${BASE_IMAGE}
# ruleid: dockerfile-from-latest
FROM --platform=$BUILDPLATFORM golang AS tools
COPY --from=build /app/dist /app/dist
# ok: dockerfile-from-latest
FROM scratch
CMD ["node", "/app/dist/server.js"]
# ok: dockerfile-from-latest
FROM node:latest@sha256:2b3a5a1ad9c8a09fcd0f7fbdc5d8b2ac37e4d2a4d6b8e5cb2e7b9e1f0c3d4a5b AS pinned
# ok: dockerfile-from-latest
FROM tools AS tools-final
