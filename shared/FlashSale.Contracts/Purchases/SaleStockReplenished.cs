namespace FlashSale.Contracts.Purchases;

/// <summary>
/// Units went back into a sale's live stock (a cancelled order released them). Fanned out to every
/// inventory instance, so each one re-opens its in-process sold-out flag: otherwise the units would be
/// stranded behind a flag that says "sold out".
/// </summary>
public sealed record SaleStockReplenished(long SaleId, int Units);
