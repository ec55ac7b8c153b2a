# syntax=docker/dockerfile:1
# HermesX, general-purpose image: the whole `hermesx` CLI (saas-api, migrate, version) on the
# ASP.NET Core runtime, with curl for the container health check.
#   docker build -t hermesx/hermesx:latest .
#   docker run --rm hermesx/hermesx:latest version

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore from the project files alone first, so an edit to source reuses the package layer.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/HermesX.Grains.Abstractions/HermesX.Grains.Abstractions.csproj src/HermesX.Grains.Abstractions/
COPY src/HermesX.Grains/HermesX.Grains.csproj src/HermesX.Grains/
COPY src/HermesX.Frontend/HermesX.Frontend.csproj src/HermesX.Frontend/
COPY src/HermesX.Silo/HermesX.Silo.csproj src/HermesX.Silo/
RUN dotnet restore src/HermesX.Silo/HermesX.Silo.csproj
# Bundled skills are compiled into HermesX.Grains.
COPY skills/ skills/
COPY src/ src/
RUN dotnet publish src/HermesX.Silo/HermesX.Silo.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
ENV SAAS_API_PORT=8080 \
    HERMES_API_PORT=8081 \
    ORLEANS_SILO_PORT=11111 \
    ORLEANS_GATEWAY_PORT=30000
# 8080 full API, 8081 OpenAI-compatible data plane, 11111 silo-to-silo, 30000 Orleans gateway.
EXPOSE 8080 8081 11111 30000
# The base image's non-root user; numeric so Kubernetes can verify runAsNonRoot.
USER $APP_UID
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/health/live || exit 1
ENTRYPOINT ["/app/hermesx"]
CMD ["saas-api"]
