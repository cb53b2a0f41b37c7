module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'log-aggregator-app',
  rootDir: __dirname,
};
