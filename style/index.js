import './base.css';
import './dialog.css';
import './sidebar.css';
