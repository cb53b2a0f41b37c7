module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'pipeline-tests',
  rootDir: __dirname,
};
