import type { StylesheetJson } from 'cytoscape';

/** How the cluster is drawn: accounts grouped by app, links coloured by method, explored nodes muted. */
export const CLUSTER_STYLE: StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'font-size': 12,
      'text-wrap': 'wrap',
      'text-max-width': '140px',
      'text-valign': 'center',
      'text-halign': 'center',
      color: '#1f2933',
      'background-color': '#cbd2d9',
      width: 36,
      height: 36,
    },
  },
  { selector: 'node.member', style: { shape: 'ellipse', 'background-color': '#7c5cff', color: '#ffffff', width: 84, height: 84, 'font-weight': 'bold' } },
  {
    selector: 'node.app',
    style: { shape: 'round-rectangle', 'background-color': '#e4f0fb', 'background-opacity': 0.6, 'border-width': 1, 'border-color': '#7aa7d4', 'text-valign': 'top', 'font-weight': 'bold', 'font-size': 14, color: '#2d5c88', padding: '10px' },
  },
  { selector: 'node.account', style: { shape: 'round-rectangle', 'background-color': '#ffffff', 'border-width': 1.5, 'border-color': '#2d5c88', width: 150, height: 50 } },
  { selector: 'node.identifier', style: { shape: 'diamond', 'background-color': '#f5c26b', 'text-valign': 'bottom', 'text-margin-y': 4 } },
  { selector: 'node.tag', style: { shape: 'tag', 'background-color': '#9fd8b4', 'text-valign': 'bottom', 'text-margin-y': 4 } },
  { selector: 'node.explored', style: { 'text-valign': 'bottom', 'text-margin-y': 4 } },
  // A hub stands for its many neighbours: drawn larger, dashed, its count in its caption.
  { selector: 'node.hub', style: { width: 52, height: 52, 'border-width': 2, 'border-style': 'dashed', 'border-color': '#52606d' } },
  { selector: 'node.expanded', style: { 'border-width': 3, 'border-style': 'double', 'border-color': '#52606d' } },
  {
    selector: 'edge',
    style: {
      width: 1.5,
      'curve-style': 'bezier',
      'line-color': '#9aa5b1',
      label: 'data(label)',
      'font-size': 10,
      'text-rotation': 'autorotate',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.85,
      'text-background-padding': '2px',
    },
  },
  { selector: 'edge.link', style: { width: 3, 'line-color': '#2d5c88', 'target-arrow-shape': 'triangle', 'target-arrow-color': '#2d5c88' } },
  { selector: 'edge.link.PROBABILISTIC', style: { 'line-color': '#c77d18', 'target-arrow-color': '#c77d18', 'line-style': 'dashed' } },
  { selector: 'edge.link.USER_ASSERTED', style: { 'line-color': '#2f8a55', 'target-arrow-color': '#2f8a55' } },
  { selector: 'edge.link.MANUAL', style: { 'line-color': '#8a2f6e', 'target-arrow-color': '#8a2f6e' } },
  { selector: ':selected', style: { 'border-width': 4, 'border-color': '#e8590c', 'line-color': '#e8590c', 'target-arrow-color': '#e8590c' } },
];
