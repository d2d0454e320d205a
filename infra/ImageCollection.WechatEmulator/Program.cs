using ImageCollection.WechatEmulator;

var app = EmulatorApp.Create(args);
await app.RunAsync();
