# One image recipe for every FlashSale host: docker build --build-arg PROJECT=services/order/FlashSale.Order .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG PROJECT
WORKDIR /src
COPY . .
RUN dotnet publish "$PROJECT" -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
ARG PROJECT
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080 \
    HOST_ASSEMBLY=${PROJECT}
EXPOSE 8080
ENTRYPOINT ["/bin/sh", "-c", "exec dotnet /app/$(basename \"$HOST_ASSEMBLY\").dll"]
