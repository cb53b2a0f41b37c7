module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'lifecycle-sync-app',
  rootDir: __dirname,
};
