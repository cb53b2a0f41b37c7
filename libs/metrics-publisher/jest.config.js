module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'metrics-publisher',
  rootDir: __dirname,
};
