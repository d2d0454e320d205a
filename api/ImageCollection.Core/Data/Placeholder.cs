namespace ImageCollection.Core.Data;
