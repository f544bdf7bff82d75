// The themes feature: explicit (groups, keywords), rule-based and automatic grouping of entries.
// Everything here is pure; the host reads the themes file and the bibliography and passes text in.
export { computeThemes, themedKeys } from './themes';
export { parseThemesFile } from '../syntax/themesFile';
export { parseJabrefGroups, jabrefGroupsOf } from './jabref';
export { themeInputs, groupFields } from './inputs';
export { clusterEntries, clusterLimits, type Cluster, type ClusterResult } from './cluster';
export { maxKeywordThemes } from './keywords';
export type * from './types';
