namespace ImageCollection.Testing;
