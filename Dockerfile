# syntax=docker/dockerfile:1
# One recipe for every FlashSale host, one image per host:
#   docker build --build-arg PROJECT=services/order/FlashSale.Order -t flashsale/order:dev .
# PROJECT is the host's project folder: gateway/FlashSale.Gateway, services/{inventory,order,payment,wallet}/FlashSale.*.
#
# Layer order, cheapest to invalidate last (README "Deploy" explains it too):
#   1. build settings and project files only (global.json, Directory.*.props, *.csproj), then `dotnet restore` of
#      every host: this layer changes only when a package or a project reference changes, and it is the same for all
#      five images (PROJECT is declared after it), so it is built once and shared.
#   2. the shared libraries' sources, then the one host's sources, then `dotnet publish --no-restore`: editing
#      order's code rebuilds only the order image's publish layer; the restore layer and the other images stay cached.
#   3. the runtime stage copies the published files onto a chiseled ASP.NET Core image: no shell, no package manager,
#      a non-root user, the host's own executable as the entrypoint.

ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION}-noble AS restore
WORKDIR /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY shared/FlashSale.BuildingBlocks/FlashSale.BuildingBlocks.csproj shared/FlashSale.BuildingBlocks/
COPY shared/FlashSale.Contracts/FlashSale.Contracts.csproj shared/FlashSale.Contracts/
COPY shared/FlashSale.ServiceDefaults/FlashSale.ServiceDefaults.csproj shared/FlashSale.ServiceDefaults/
COPY shared/FlashSale.Messaging/FlashSale.Messaging.csproj shared/FlashSale.Messaging/
COPY gateway/FlashSale.Gateway/FlashSale.Gateway.csproj gateway/FlashSale.Gateway/
COPY services/inventory/FlashSale.Inventory/FlashSale.Inventory.csproj services/inventory/FlashSale.Inventory/
COPY services/order/FlashSale.Order/FlashSale.Order.csproj services/order/FlashSale.Order/
COPY services/payment/FlashSale.Payment/FlashSale.Payment.csproj services/payment/FlashSale.Payment/
COPY services/wallet/FlashSale.Wallet/FlashSale.Wallet.csproj services/wallet/FlashSale.Wallet/
COPY tools/FlashSale.HealthProbe/FlashSale.HealthProbe.csproj tools/FlashSale.HealthProbe/
RUN for project in gateway/FlashSale.Gateway services/*/FlashSale.* tools/FlashSale.HealthProbe; do \
      dotnet restore "$project" || exit 1; \
    done

# The healthcheck program (compose's and docker run's HEALTHCHECK): no PROJECT in it, so it is shared by every image.
FROM restore AS probe
COPY tools/FlashSale.HealthProbe/ tools/FlashSale.HealthProbe/
RUN dotnet publish tools/FlashSale.HealthProbe --no-restore -c Release -o /out/probe

FROM restore AS publish
COPY shared/ shared/
ARG PROJECT
RUN test -n "$PROJECT" || { echo "build with --build-arg PROJECT=<host project folder>, e.g. gateway/FlashSale.Gateway" >&2; exit 1; }
COPY ${PROJECT}/ ${PROJECT}/
# The host's apphost (a native launcher that runs its own .dll) is copied to one fixed name, so the exec-form
# ENTRYPOINT below is the same for every image and needs no shell to find the host's name.
RUN dotnet publish "$PROJECT" --no-restore -c Release -o /out/app \
 && cp "/out/app/$(basename "$PROJECT")" /out/app/flashsale-host

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}-noble-chiseled AS runtime
ARG PROJECT
ARG VERSION=dev
ARG REVISION=unknown
ARG SOURCE=""
LABEL org.opencontainers.image.title="FlashSale ${PROJECT}" \
      org.opencontainers.image.description="FlashSale host ${PROJECT}: a .NET 10 flash-sale reference system" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled"
WORKDIR /app
COPY --from=probe /out/probe /probe
COPY --from=publish /out/app /app
# Every host listens on 8080 inside the container (the gateway's appsettings.json binds localhost:8080 for native
# runs, so Urls is set here; an environment variable without a prefix overrides appsettings.json).
ENV Urls=http://+:8080
EXPOSE 8080
# The chiseled image's unprivileged user (uid 1654), named explicitly so it is visible to anyone reading this file.
USER $APP_UID
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 CMD ["/probe/FlashSale.HealthProbe"]
ENTRYPOINT ["/app/flashsale-host"]
