module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'pipeline-config',
  rootDir: __dirname,
};
