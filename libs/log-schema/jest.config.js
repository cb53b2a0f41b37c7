module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'log-schema',
  rootDir: __dirname,
};
