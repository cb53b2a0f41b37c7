module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'lifecycle-sync',
  rootDir: __dirname,
};
