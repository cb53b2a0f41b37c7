// Every importer of @fleetlog/testing loads what its barrel loads: the browser packages must
// wait until a browser is launched (playwright-core alone costs about 0.5 s and 45 MB).
describe('the browser packages', () => {
  it('are not loaded by importing the barrel', () => {
    const loaded: string[] = [];
    jest.isolateModules(() => {
      jest.doMock('playwright-core', () => {
        loaded.push('playwright-core');
        return {};
      });
      jest.doMock('@sparticuz/chromium', () => {
        loaded.push('@sparticuz/chromium');
        return {};
      });
      const barrel = require('../index') as typeof import('../index');
      expect(typeof barrel.launchHeadlessChromium).toBe('function');
    });
    expect(loaded).toEqual([]);
  });
});
