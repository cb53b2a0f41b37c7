module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'log-aggregator',
  rootDir: __dirname,
};
