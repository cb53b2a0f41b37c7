module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'analytics-sql',
  rootDir: __dirname,
};
