using ImageCollection.Core;
using ImageCollection.Core.Orders;
using ImageCollection.Worker.Jobs;

var builder = Host.CreateApplicationBuilder(args);
builder.AddCore();
builder.AddPayments();
builder.AddJobServer();

var host = builder.Build();
await host.RunAsync();
return 0;
