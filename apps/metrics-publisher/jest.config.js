module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'metrics-publisher-app',
  rootDir: __dirname,
};
